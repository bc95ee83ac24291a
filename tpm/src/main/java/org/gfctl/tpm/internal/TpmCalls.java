package org.gfctl.tpm.internal;

import java.util.function.Supplier;
import org.gfctl.tpm.TpmCommandException;
import tss.Tpm;
import tss.tpm.TPM_HANDLE;

/**
 * Runs TSS.Java calls and turns its untyped {@code tss.TpmException} into {@link TpmCommandException}.
 *
 * <p>TSS.Java reports every TPM error response as one runtime exception type; our callers need the
 * command name and the response code to map the failures they expect to their own types.
 */
public final class TpmCalls {

    private TpmCalls() {}

    /** Runs {@code call}, naming {@code command} and {@code hint} (what to try) if the TPM refuses it. */
    public static <T> T call(String command, String hint, Supplier<T> call) {
        try {
            return call.get();
        } catch (tss.TpmException e) {
            String rc = e.ResponseCode != null ? e.ResponseCode.toString() : String.format("0x%x", e.EncodedError);
            throw new TpmCommandException(command, rc, command + " failed with " + rc + ": " + hint, e);
        }
    }

    /** Runs a command without a result. */
    public static void run(String command, String hint, Runnable call) {
        call(command, hint, () -> {
            call.run();
            return null;
        });
    }

    /** Flushes a transient object or session, ignoring a handle that is already gone. */
    public static void flushQuietly(Tpm tpm, TPM_HANDLE handle) {
        if (handle == null) {
            return;
        }
        tpm._allowErrors().FlushContext(handle);
    }
}
