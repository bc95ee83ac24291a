package org.gfctl.core;

import java.util.Objects;

/**
 * A failure the user can act on, carrying the exit code the CLI returns for it.
 *
 * <p>Messages say what was wrong and what to do next; they never contain a secret. Subclasses name
 * the kind of failure so that callers (and tests) can tell them apart without parsing messages.
 */
public class GfctlException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ExitCode exitCode;

    public GfctlException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    public GfctlException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
