package org.gfctl.tpm.identity;

import java.util.Objects;
import org.gfctl.tpm.key.KeyBlob;
import org.gfctl.tpm.key.LoadedKey;
import org.gfctl.tpm.key.TpmPublic;
import tss.Tpm;

/**
 * An attestation key as stored by the host: its blobs under the SRK, its algorithm and its name.
 *
 * <p>The name ({@link TpmPublic#name()}) is what the guardian binds to the EK with credential
 * activation (TPM 2.0 Part 1 §24) and what quotes name as their signer.
 */
public final class AkKey {
    /** fixedTPM|fixedParent|sensitiveDataOrigin|restricted|sign (TPM 2.0 Part 2 §8.3). */
    private static final int REQUIRED = (1 << 1) | (1 << 4) | (1 << 5) | (1 << 16) | (1 << 18);
    private static final int DECRYPT = 1 << 17;
    private final KeyBlob blob;
    private final AkAlgorithm algorithm;

    private AkKey(KeyBlob blob, AkAlgorithm algorithm) {
        this.blob = blob;
        this.algorithm = algorithm;
    }

    /** Wraps stored blobs of a restricted signing key; the algorithm is derived from the public area. */
    public static AkKey create(KeyBlob blob) {
        Objects.requireNonNull(blob, "blob");
        int attributes = blob.publicArea().attributes();
        if ((attributes & REQUIRED) != REQUIRED || (attributes & DECRYPT) != 0) {
            throw new IllegalArgumentException(String.format("AK: attributes 0x%08x are not those of an attestation "
                    + "key (fixedTPM|fixedParent|sensitiveDataOrigin|restricted|sign, no decrypt)", attributes));
        }
        return new AkKey(blob, blob.publicArea().isRsa() ? AkAlgorithm.RSA_2048 : AkAlgorithm.ECC_P256);
    }

    public KeyBlob blob() {
        return blob;
    }

    public AkAlgorithm algorithm() {
        return algorithm;
    }

    public TpmPublic publicArea() {
        return blob.publicArea();
    }

    /** The AK's TPM name, {@code 0x000B || SHA-256(TPMT_PUBLIC)}. */
    public byte[] name() {
        return blob.publicArea().name();
    }

    /** Loads the AK under the (re-created) SRK. */
    public LoadedKey load(Tpm tpm, LoadedKey srk) {
        return blob.load(tpm, srk);
    }
}
