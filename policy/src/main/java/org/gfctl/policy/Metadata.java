package org.gfctl.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code metadata} of a policy document: its name and an optional description.
 *
 * <p>Names are DNS-label-like (RFC 1123: lower-case letters, digits, '-', at most 63 characters)
 * because they appear in health certificates, store keys and command lines.
 */
public record Metadata(String name, Optional<String> description) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public Metadata {
        String problem = nameProblem(Objects.requireNonNull(name, "name"));
        if (problem != null) {
            throw new IllegalArgumentException("metadata.name: " + problem);
        }
        Objects.requireNonNull(description, "description");
    }

    public static Metadata of(String name) {
        return new Metadata(name, Optional.empty());
    }

    public static Metadata of(String name, String description) {
        return new Metadata(name, Optional.ofNullable(description));
    }

    /** Why {@code name} is not a valid policy name, or {@code null} if it is. */
    public static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "must not be empty";
        }
        if (!NAME.matcher(name).matches()) {
            return "must be a DNS label (lower-case letters, digits and '-', starting and ending with a letter "
                    + "or digit, at most 63 characters), not \"" + name + "\"";
        }
        return null;
    }
}
