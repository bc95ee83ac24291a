package org.gfctl.policy;

import java.util.Objects;

/**
 * One problem in a policy document: where it is (1-based line and column, and a path such as
 * {@code spec.pcrs.7[1]}) and what is wrong.
 *
 * <p>Both a position and a path: the position lets an editor jump to the mistake, the path says
 * which setting it is even when the YAML is written in flow style on one line.
 */
public record PolicyError(int line, int column, String path, String message) {

    public PolicyError {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("policy error position must be 1-based, not " + line + ":" + column);
        }
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code LINE:COLUMN: path: message}, the compiler-style form editors understand. */
    @Override
    public String toString() {
        return line + ":" + column + ": " + (path.isEmpty() ? "(document)" : path) + ": " + message;
    }
}
