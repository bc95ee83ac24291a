package org.gfctl.core;

/**
 * An input file exists but is not what it should be: not a certificate, not a PKCS#12 key store,
 * not a key protector, or one that is structurally damaged (exit 1).
 */
public class InvalidFormatException extends GfctlException {
    private static final long serialVersionUID = 1L;

    public InvalidFormatException(String message) {
        super(ExitCode.FAILURE, message);
    }

    public InvalidFormatException(String message, Throwable cause) {
        super(ExitCode.FAILURE, message, cause);
    }
}
