package org.gfctl.tpm.device;

import org.gfctl.tpm.TpmException;

/** A {@code --tpm} value that is not a valid {@link TpmSpec}: a usage error. */
public final class InvalidTpmSpecException extends TpmException {
    private static final long serialVersionUID = 1L;

    InvalidTpmSpecException(String message) {
        super(message);
    }
}
