package org.gfctl.tpm.key;

import java.util.Arrays;
import org.gfctl.tpm.TpmFormatException;
import org.gfctl.tpm.internal.TpmCalls;
import tss.Tpm;
import tss.tpm.TPM2B_PRIVATE;
import tss.tpm.TPM_HANDLE;

/**
 * A TPM-created key as it lives outside the TPM: its {@code TPM2B_PUBLIC} and its
 * {@code TPM2B_PRIVATE} (the sensitive part, encrypted and integrity-protected by the parent).
 *
 * <p>TPM 2.0 Part 1 §23.2: the private blob is useless without the parent that wrapped it, so it
 * can be stored on disk. {@link #load} brings the key back under the re-created parent.
 */
public final class KeyBlob {
    private final TpmPublic publicArea;
    private final byte[] tpm2bPrivate;

    private KeyBlob(TpmPublic publicArea, byte[] tpm2bPrivate) {
        this.publicArea = publicArea;
        this.tpm2bPrivate = tpm2bPrivate;
    }

    /** Validates and wraps the two blobs, as returned by {@link #tpm2bPublic()} and {@link #tpm2bPrivate()}. */
    public static KeyBlob create(byte[] tpm2bPublic, byte[] tpm2bPrivate) {
        TpmPublic pub = TpmPublic.parseTpm2b(tpm2bPublic);
        if (tpm2bPrivate.length < 2
                || (((tpm2bPrivate[0] & 0xff) << 8) | (tpm2bPrivate[1] & 0xff)) != tpm2bPrivate.length - 2) {
            throw new TpmFormatException("TPM2B_PRIVATE: the size field does not match the " + tpm2bPrivate.length
                    + " bytes given");
        }
        return new KeyBlob(pub, tpm2bPrivate.clone());
    }

    static KeyBlob of(TpmPublic pub, TPM2B_PRIVATE priv) {
        return create(pub.tpm2bBytes(), priv.toBytes());
    }

    public TpmPublic publicArea() {
        return publicArea;
    }

    public byte[] tpm2bPublic() {
        return publicArea.tpm2bBytes();
    }

    public byte[] tpm2bPrivate() {
        return tpm2bPrivate.clone();
    }

    /** Loads the key under {@code parent} (which must be the parent it was created under). */
    public LoadedKey load(Tpm tpm, LoadedKey parent) {
        TPM_HANDLE h = TpmCalls.call(tpm, "TPM2_Load",
                "was the key created under this parent (the SRK of this TPM)? Is an object slot free?",
                () -> tpm.Load(parent.handle(), TPM2B_PRIVATE.fromBytes(tpm2bPrivate.clone()), publicArea.tss()));
        return LoadedKey.of(tpm, h, publicArea);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyBlob b && b.publicArea.equals(publicArea) && Arrays.equals(b.tpm2bPrivate, tpm2bPrivate);
    }

    @Override
    public int hashCode() {
        return publicArea.hashCode() * 31 + Arrays.hashCode(tpm2bPrivate);
    }
}
