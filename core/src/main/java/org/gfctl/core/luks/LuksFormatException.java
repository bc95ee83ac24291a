package org.gfctl.core.luks;

import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;

/** The bytes are not a well-formed LUKS1 header region: wrong magic, truncated, or an invalid field (exit 1). */
public final class LuksFormatException extends GfctlException {
    private static final long serialVersionUID = 1L;

    public LuksFormatException(String message) {
        super(ExitCode.FAILURE, message);
    }
}
