package org.gfctl.core;

/** A key did not open what it was given for, or the caller is not authorized to get one (exit 6). */
public class KeyRefusedException extends GfctlException {
    private static final long serialVersionUID = 1L;

    public KeyRefusedException(String message) {
        super(ExitCode.KEY_REFUSED, message);
    }

    public KeyRefusedException(String message, Throwable cause) {
        super(ExitCode.KEY_REFUSED, message, cause);
    }
}
