package org.gfctl.policy.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node with the position it started at.
 *
 * <p>Jackson's own tree forgets positions; validating our own tree lets every error, not only
 * the first one Jackson would throw, carry its line and column.
 */
public sealed interface Node {

    int line();

    int column();

    /** What the node is, for "must be a list, not a mapping" messages. */
    String describe();

    /** A scalar: its text exactly as written, and whether YAML typed it as a string, number, boolean or null. */
    record Scalar(String text, Type type, int line, int column) implements Node {
        public enum Type { STRING, NUMBER, BOOLEAN, NULL }

        @Override
        public String describe() {
            return type == Type.NULL ? "null" : type.name().toLowerCase(java.util.Locale.ROOT) + " \"" + text + "\"";
        }
    }

    /** A sequence. */
    record Sequence(List<Node> items, int line, int column) implements Node {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A mapping; keys keep their own positions for "unknown field" errors. */
    record Mapping(Map<String, Entry> entries, int line, int column) implements Node {
        public record Entry(String key, int line, int column, Node value) {}

        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }
}
