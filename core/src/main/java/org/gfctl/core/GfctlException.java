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
    /** Machine-readable context for {@code -o json} (never a secret); empty unless {@link #withDetails} set it. */
    private transient java.util.Map<String, Object> details = java.util.Map.of();

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

    /** This exception with {@code details} (JSON-ready values, never a secret) for scripts; returns this. */
    public GfctlException withDetails(java.util.Map<String, Object> details) {
        this.details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        return this;
    }

    /** The details a script gets beside the message, in {@code {"error":{..., "details":{...}}}}. */
    public java.util.Map<String, Object> details() {
        return details == null ? java.util.Map.of() : details;
    }
}
