package org.gfctl.core;

/** The request itself is malformed: a missing or contradictory option, a bad value (exit 2). */
public final class UsageException extends GfctlException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(ExitCode.USAGE, message);
    }
}
