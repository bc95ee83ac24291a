package org.gfctl.tpm;

/**
 * Bytes that should hold a marshalled TPM structure (TPM 2.0 Part 2) do not.
 *
 * <p>Guardian-side code parses structures sent by hosts; anything malformed ends up here, never
 * as an unchecked exception from the parser.
 */
public class TpmFormatException extends TpmException {
    private static final long serialVersionUID = 1L;

    public TpmFormatException(String message) {
        super(message);
    }

    public TpmFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
