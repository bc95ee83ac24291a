package org.gfctl.policy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A policy document is not valid; carries every error found, not only the first.
 *
 * <p>Reporting all errors at once spares the author an edit-run loop per mistake. The message
 * has one line per error, {@code SOURCE:LINE:COLUMN: path: message}.
 */
public final class PolicyValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final transient List<PolicyError> errors;

    public PolicyValidationException(String source, List<PolicyError> errors) {
        super(message(source, errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation exception needs at least one error");
        }
        this.source = Objects.requireNonNull(source, "source");
        this.errors = List.copyOf(errors);
    }

    /** The file name (or other label) of the document that was read. */
    public String source() {
        return source;
    }

    /** Every error, ordered by position in the document. */
    public List<PolicyError> errors() {
        return errors;
    }

    private static String message(String source, List<PolicyError> errors) {
        String header = source + ": invalid policy document, " + errors.size()
                + (errors.size() == 1 ? " error" : " errors");
        return errors.stream().map(e -> source + ":" + e)
                .collect(Collectors.joining("\n", header + "\n", ""));
    }
}
