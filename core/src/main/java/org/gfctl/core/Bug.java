package org.gfctl.core;

/**
 * A state that cannot happen if gfctl is correct. Never caught to recover; reported with its
 * stack trace so that it gets fixed.
 */
public final class Bug extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public Bug(String message) {
        super(message);
    }

    public Bug(String message, Throwable cause) {
        super(message, cause);
    }
}
