package org.gfctl.tpm;

/**
 * A TPM could not be reached or refused a command. Messages name the device and the command and
 * say what to try next; they never contain key material.
 */
public class TpmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TpmException(String message) {
        super(message);
    }

    public TpmException(String message, Throwable cause) {
        super(message, cause);
    }
}
