package org.gfctl.tpm.internal;

import java.util.function.Supplier;
import org.gfctl.tpm.TpmCommandException;
import tss.Tpm;
import tss.TpmCallbackInterface;
import tss.tpm.TPM_CC;
import tss.tpm.TPM_HANDLE;
import tss.tpm.TPM_RC;

/**
 * Runs TSS.Java calls and turns TPM error responses into {@link TpmCommandException}.
 *
 * <p>TSS.Java reports every error response as one untyped runtime exception and also prints it to
 * {@code System.out}, which would corrupt a command's JSON output. Commands therefore run with
 * errors allowed, and the response code (TSS.Java's name plus the raw TPM 2.0 Part 2 §6.6 value,
 * since the decoded name alone can mislead) is checked here.
 */
public final class TpmCalls {
    private static final int HEADER_BYTES = 10;

    private TpmCalls() {}

    /** Runs {@code call} (one TPM command on {@code tpm}), naming {@code command} and {@code hint} on failure. */
    public static <T> T call(Tpm tpm, String command, String hint, Supplier<T> call) {
        RawCode raw = new RawCode();
        tpm._setCallback(raw);
        try {
            tpm._allowErrors();
            T result = call.get();
            TPM_RC rc = tpm._getLastResponseCode();
            if (rc != TPM_RC.SUCCESS) {
                throw failure(command, hint, rc, raw.code, null);
            }
            return result;
        } catch (tss.TpmException e) {
            throw failure(command, hint, e.ResponseCode, raw.code, e);
        } finally {
            tpm._setCallback(null);
        }
    }

    /** Runs a command without a result. */
    public static void run(Tpm tpm, String command, String hint, Runnable call) {
        call(tpm, command, hint, () -> {
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

    private static TpmCommandException failure(String command, String hint, TPM_RC rc, int raw, Throwable cause) {
        String name = rc == null ? "" : rc.toString().replace("{", "").replace("}", "");
        String code = String.format("%s (TPM_RC 0x%03x)", name.isEmpty() ? "error" : name, raw);
        return new TpmCommandException(command, code, command + " failed with " + code + ": " + hint, cause);
    }

    /** Records the raw response code of the last command. */
    private static final class RawCode implements TpmCallbackInterface {
        private int code;

        @Override
        public void commandCompleteCallback(TPM_CC cc, TPM_RC rc, byte[] command, byte[] response) {
            if (response != null && response.length >= HEADER_BYTES) {
                code = ((response[6] & 0xff) << 24) | ((response[7] & 0xff) << 16) | ((response[8] & 0xff) << 8)
                        | (response[9] & 0xff);
            }
        }
    }
}
