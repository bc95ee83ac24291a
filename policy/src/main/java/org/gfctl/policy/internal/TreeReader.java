package org.gfctl.policy.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into a {@link Node} tree, recording each node's line and column.
 *
 * <p>Reads Jackson's token stream rather than its tree because only the stream knows positions
 * ({@link JsonParser#currentTokenLocation()}). Duplicate keys are reported, not silently merged:
 * a policy where a later {@code pcrs} silently replaces an earlier one is a trap.
 */
public final class TreeReader {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private TreeReader() {}

    /** The tree, or {@code null} if the text is not YAML (the syntax error is then in {@code errors}). */
    public static Node read(String text, Errors errors) {
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                errors.add(1, 1, "", "the document is empty");
                return null;
            }
            Node root = value(p, errors, "");
            if (p.nextToken() != null) {
                JsonLocation at = p.currentTokenLocation();
                errors.add(line(at), column(at), "", "one policy per file: a second YAML document starts here");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            errors.add(at == null ? 1 : line(at), at == null ? 1 : column(at), "", "not valid YAML: " + oneLine(e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Node value(JsonParser p, Errors errors, String path) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        int line = line(at);
        int column = column(at);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node.Mapping.Entry> entries = new LinkedHashMap<>();
                int firstLine = -1;
                int firstColumn = -1;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonLocation k = p.currentTokenLocation();
                    String key = p.currentName();
                    if (firstLine < 0) {
                        firstLine = line(k);
                        firstColumn = column(k);
                    }
                    p.nextToken();
                    Node v = value(p, errors, Errors.field(path, key));
                    if (entries.containsKey(key)) {
                        Node.Mapping.Entry earlier = entries.get(key);
                        errors.add(line(k), column(k), Errors.field(path, key), "duplicate key \"" + key + "\" (first at line "
                                + earlier.line() + ", column " + earlier.column() + ")");
                    } else {
                        entries.put(key, new Node.Mapping.Entry(key, line(k), column(k), v));
                    }
                }
                return firstLine < 0 ? new Node.Mapping(entries, line, column)
                        : new Node.Mapping(entries, firstLine, firstColumn);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p, errors, Errors.index(path, items.size())));
                }
                return new Node.Sequence(items, line, column);
            }
            case VALUE_STRING -> {
                return new Node.Scalar(p.getText(), Node.Scalar.Type.STRING, line, column);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Node.Scalar(p.getText(), Node.Scalar.Type.NUMBER, line, column);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node.Scalar(p.getText(), Node.Scalar.Type.BOOLEAN, line, column);
            }
            case VALUE_NULL -> {
                return new Node.Scalar("", Node.Scalar.Type.NULL, line, column);
            }
            default -> {
                return new Node.Scalar(p.getText(), Node.Scalar.Type.STRING, line, column);
            }
        }
    }

    /**
     * SnakeYAML's message without its own position lines and source excerpt (they start with
     * white space), which would repeat the position the error already has.
     */
    private static String oneLine(String message) {
        String text = message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(java.util.stream.Collectors.joining(": "));
        return text.isEmpty() ? message.strip() : text;
    }

    private static int line(JsonLocation at) {
        return Math.max(1, at.getLineNr());
    }

    private static int column(JsonLocation at) {
        return Math.max(1, at.getColumnNr());
    }
}
