package org.gfctl.core;

/** A named thing (file, host, volume, audit entry) does not exist (exit 5). */
public final class NotFoundException extends GfctlException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(ExitCode.NOT_FOUND, message);
    }
}
