package org.gfctl.policy.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Typed, error-collecting access to one YAML mapping of a policy document.
 *
 * <p>Every accessor reports what is wrong into {@link Errors} and returns {@code null} instead of
 * throwing, so that checking goes on and the author sees all mistakes at once. Fields not
 * declared as known are reported as unknown (the equivalent of Jackson's
 * {@code FAIL_ON_UNKNOWN_PROPERTIES}): a misspelt {@code requireSecureBot} must never silently
 * weaken a policy.
 */
public final class Fields {
    private final Node.Mapping mapping;
    private final String path;
    private final Errors errors;

    private Fields(Node.Mapping mapping, String path, Errors errors) {
        this.mapping = mapping;
        this.path = path;
        this.errors = errors;
    }

    /** A view of {@code node}, or {@code null} (error reported) if it is not a mapping. */
    public static Fields of(Node node, String path, Errors errors, String... known) {
        if (!(node instanceof Node.Mapping m)) {
            errors.add(node, path, "must be a mapping, not " + node.describe());
            return null;
        }
        Set<String> allowed = Set.of(known);
        for (Node.Mapping.Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                errors.add(e.line(), e.column(), Errors.field(path, e.key()),
                        "unknown field \"" + e.key() + "\" (expected one of: " + String.join(", ", known) + ")");
            }
        }
        return new Fields(m, path, errors);
    }

    public String path(String key) {
        return Errors.field(path, key);
    }

    public Errors errors() {
        return errors;
    }

    /** The value of {@code key}; {@code null} if absent or YAML null. */
    public Node node(String key) {
        Node.Mapping.Entry e = mapping.entries().get(key);
        if (e == null || e.value() instanceof Node.Scalar s && s.type() == Node.Scalar.Type.NULL) {
            return null;
        }
        return e.value();
    }

    /** Like {@link #node} but reports a missing value. */
    public Node required(String key) {
        Node n = node(key);
        if (n == null) {
            Node.Mapping.Entry e = mapping.entries().get(key);
            if (e == null) {
                errors.add(mapping, path(key), "is required");
            } else {
                errors.add(e.value(), path(key), "must not be empty");
            }
        }
        return n;
    }

    public String string(String key, boolean required) {
        Node n = required ? required(key) : node(key);
        return n == null ? null : text(n, path(key), errors);
    }

    public Boolean bool(String key) {
        Node n = node(key);
        if (n == null) {
            return null;
        }
        if (n instanceof Node.Scalar s && s.type() == Node.Scalar.Type.BOOLEAN) {
            return Boolean.valueOf(s.text().toLowerCase(java.util.Locale.ROOT));
        }
        errors.add(n, path(key), "must be true or false, not " + n.describe());
        return null;
    }

    /** A whole number from {@code min} to {@code max}; {@code null} if absent or invalid (error reported). */
    public Integer integer(String key, int min, int max) {
        Node n = node(key);
        if (n == null) {
            return null;
        }
        if (n instanceof Node.Scalar s && s.type() == Node.Scalar.Type.NUMBER && s.text().matches("-?[0-9]{1,9}")) {
            int v = Integer.parseInt(s.text());
            if (v >= min && v <= max) {
                return v;
            }
        }
        errors.add(n, path(key), "must be a whole number from " + min + " to " + max + ", not " + n.describe());
        return null;
    }

    /** A positive ISO-8601 duration no longer than {@code max}; {@code null} if absent or invalid. */
    public Duration duration(String key, Duration max) {
        String text = string(key, false);
        if (text == null) {
            return null;
        }
        Node at = node(key);
        Duration d;
        try {
            d = Duration.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(at, path(key), "must be an ISO-8601 duration such as PT8H or P1D (days, hours, minutes, "
                    + "seconds; no weeks, months or years), not \"" + text + "\"");
            return null;
        }
        if (d.isNegative() || d.isZero()) {
            errors.add(at, path(key), "must be positive, not " + text);
            return null;
        }
        if (d.compareTo(max) > 0) {
            errors.add(at, path(key), "must be at most " + Durations.format(max) + ", not " + text);
            return null;
        }
        return d;
    }

    /** The items of a list value; {@code null} if absent or not a list (error reported). */
    public List<Node> list(String key, boolean required) {
        Node n = required ? required(key) : node(key);
        return n == null ? null : items(n, path(key), errors);
    }

    /** The text of a scalar, or {@code null} (error reported) for a list or mapping. */
    public static String text(Node n, String path, Errors errors) {
        if (n instanceof Node.Scalar s && s.type() != Node.Scalar.Type.NULL) {
            return s.text();
        }
        errors.add(n, path, "must be a single value, not " + n.describe());
        return null;
    }

    /** The items of a sequence, or {@code null} (error reported) for anything else. */
    public static List<Node> items(Node n, String path, Errors errors) {
        if (n instanceof Node.Sequence s) {
            return s.items();
        }
        errors.add(n, path, "must be a list, not " + n.describe());
        return null;
    }
}
