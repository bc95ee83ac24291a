package org.gfctl.tpm.key;

import java.util.Objects;
import org.gfctl.tpm.internal.TpmCalls;
import tss.Tpm;
import tss.tpm.TPM_HANDLE;

/**
 * A key that is present in a TPM right now: its handle and public area. Closing it flushes a
 * transient handle; persistent handles stay.
 *
 * <p>TPMs hold few transient objects at once (swtpm and many discrete TPMs: three), so host code
 * keeps these in try-with-resources and flushes parents as soon as children are loaded.
 */
public final class LoadedKey implements AutoCloseable {
    private static final int TRANSIENT_HANDLE_TYPE = 0x80;
    private final Tpm tpm;
    private final TPM_HANDLE handle;
    private final TpmPublic publicArea;
    private boolean closed;

    private LoadedKey(Tpm tpm, TPM_HANDLE handle, TpmPublic publicArea) {
        this.tpm = tpm;
        this.handle = handle;
        this.publicArea = publicArea;
    }

    /** Takes ownership of a handle the TPM just returned from CreatePrimary or Load. */
    public static LoadedKey of(Tpm tpm, TPM_HANDLE handle, TpmPublic publicArea) {
        return new LoadedKey(Objects.requireNonNull(tpm), Objects.requireNonNull(handle), Objects.requireNonNull(publicArea));
    }

    /** The key at persistent handle {@code 0x81xxxxxx}, read with TPM2_ReadPublic. */
    public static LoadedKey persistent(Tpm tpm, int handle) {
        TPM_HANDLE h = TPM_HANDLE.from(handle);
        var pub = TpmCalls.call(tpm, "TPM2_ReadPublic", String.format("is a key persisted at 0x%08x?", handle),
                () -> tpm.ReadPublic(h));
        return new LoadedKey(tpm, h, TpmPublic.of(pub.outPublic));
    }

    /**
     * Copies this key to persistent handle {@code persistentHandle} with TPM2_EvictControl (owner
     * hierarchy, empty owner auth) and returns the persistent key; this transient handle stays open.
     */
    public LoadedKey persist(int persistentHandle) {
        TPM_HANDLE target = TPM_HANDLE.from(persistentHandle);
        TpmCalls.run(tpm, "TPM2_EvictControl", String.format(
                "is 0x%08x already in use (evict it first) or the owner authorization not empty?", persistentHandle),
                () -> tpm.EvictControl(TPM_HANDLE.from(tss.tpm.TPM_RH.OWNER), handle, target));
        return new LoadedKey(tpm, target, publicArea);
    }

    /** Removes the persistent key at {@code persistentHandle} (owner hierarchy); no-op when absent. */
    public static void evict(Tpm tpm, int persistentHandle) {
        TPM_HANDLE h = TPM_HANDLE.from(persistentHandle);
        tpm._allowErrors().EvictControl(TPM_HANDLE.from(tss.tpm.TPM_RH.OWNER), h, h);
    }

    public TPM_HANDLE handle() {
        return handle;
    }

    public TpmPublic publicArea() {
        return publicArea;
    }

    /** The TPM name of the key, computed from its public area. */
    public byte[] name() {
        return publicArea.name();
    }

    /** Flushes a transient handle; persistent handles are left in place. */
    @Override
    public void close() {
        if (!closed && (handle.handle >>> 24) == TRANSIENT_HANDLE_TYPE) {
            TpmCalls.flushQuietly(tpm, handle);
        }
        closed = true;
    }
}
