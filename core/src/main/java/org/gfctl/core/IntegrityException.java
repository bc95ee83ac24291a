package org.gfctl.core;

/** Data failed an integrity check: a damaged chunk, a tampered header or audit entry (exit 4). */
public class IntegrityException extends GfctlException {
    private static final long serialVersionUID = 1L;

    public IntegrityException(String message) {
        super(ExitCode.INTEGRITY_VIOLATION, message);
    }

    public IntegrityException(String message, Throwable cause) {
        super(ExitCode.INTEGRITY_VIOLATION, message, cause);
    }
}
