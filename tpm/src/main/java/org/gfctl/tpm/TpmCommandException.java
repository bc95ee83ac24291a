package org.gfctl.tpm;

/**
 * A TPM command returned an error response code.
 *
 * <p>Carries the TPM 2.0 Part 2 §6.6 response code so callers can turn the failures they expect
 * (a policy that no longer holds, an integrity check that fails) into their own typed errors.
 */
public class TpmCommandException extends TpmException {
    private static final long serialVersionUID = 1L;
    private final String command;
    private final String responseCode;

    public TpmCommandException(String command, String responseCode, String message, Throwable cause) {
        super(message, cause);
        this.command = command;
        this.responseCode = responseCode;
    }

    /** The TPM command that failed, such as {@code TPM2_Quote}. */
    public String command() {
        return command;
    }

    /** The TSS name of the response code, such as {@code POLICY_FAIL}, or the raw value in hex. */
    public String responseCode() {
        return responseCode;
    }
}
