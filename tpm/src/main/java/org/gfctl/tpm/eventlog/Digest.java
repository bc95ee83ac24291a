package org.gfctl.tpm.eventlog;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One digest of an event or one PCR value: a TPM_ALG_ID and the digest bytes (TPMT_HA).
 *
 * <p>Immutable: the bytes are copied in and out, so a parsed log cannot be changed through the
 * values it hands out (TCG PC Client PFP §10.2.2, TPML_DIGEST_VALUES).
 */
public final class Digest {
    private final int algorithmId;
    private final byte[] value;

    private Digest(int algorithmId, byte[] value) {
        this.algorithmId = algorithmId;
        this.value = value;
    }

    /** A digest with the given TPM_ALG_ID; the bytes are copied. */
    public static Digest of(int algorithmId, byte[] value) {
        if (algorithmId < 0 || algorithmId > 0xffff) {
            throw new IllegalArgumentException("TPM_ALG_ID must fit 16 bits, not " + algorithmId);
        }
        return new Digest(algorithmId, Objects.requireNonNull(value, "value").clone());
    }

    /** A digest of a known algorithm; its length must be the algorithm's digest size. */
    public static Digest of(DigestAlgorithm algorithm, byte[] value) {
        if (value.length != algorithm.size()) {
            throw new IllegalArgumentException(algorithm.displayName() + " digest must be " + algorithm.size()
                    + " bytes, not " + value.length);
        }
        return of(algorithm.id(), value);
    }

    public int algorithmId() {
        return algorithmId;
    }

    /** The algorithm's display name, e.g. {@code sha256}. */
    public String algorithmName() {
        return DigestAlgorithm.nameOf(algorithmId);
    }

    /** A copy of the digest bytes. */
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** Lower-case hex of the digest bytes. */
    public String hex() {
        return HexFormat.of().formatHex(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && d.algorithmId == algorithmId && Arrays.equals(d.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * algorithmId + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return algorithmName() + ":" + hex();
    }
}
