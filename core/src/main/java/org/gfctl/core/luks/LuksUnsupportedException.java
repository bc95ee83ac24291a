package org.gfctl.core.luks;

import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;

/** A well-formed LUKS header that uses something gfctl does not implement: LUKS2, a cipher, a hash (exit 1). */
public final class LuksUnsupportedException extends GfctlException {
    private static final long serialVersionUID = 1L;

    public LuksUnsupportedException(String message) {
        super(ExitCode.FAILURE, message);
    }
}
