package org.gfctl.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.internal.JsonText;

/** Canonical JSON details of {@link AuditEntry}: RFC 8785 §3.2.2.2 string escaping and strict decoding. */
final class EntryCodec {
    static final List<String> MEMBERS = List.of("action", "actor", "actorKey", "evidence", "exitCode", "object",
            "result", "role", "seq", "time", "version");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EntryCodec() {}

    /** Appends {@code s} as a JSON string (or {@code null}) escaped as RFC 8785 requires. */
    static void string(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        JsonText.quote(b, s);
    }

    static AuditEntry decode(byte[] bytes) {
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidFormatException("audit entry is not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new InvalidFormatException("audit entry must be a JSON object");
        }
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        if (!names.equals(MEMBERS)) {
            throw new InvalidFormatException("audit entry must have exactly the members " + MEMBERS + " in this order, not "
                    + names);
        }
        if (n.get("version").asInt(-1) != AuditEntry.VERSION || !n.get("version").isInt()) {
            throw new InvalidFormatException("audit entry version must be " + AuditEntry.VERSION);
        }
        AuditEntry e;
        try {
            AuditEvent event = AuditEvent.restore(text(n, "actor"), text(n, "actorKey"), Role.of(text(n, "role")),
                    text(n, "action"), text(n, "object"), text(n, "result"), integer(n, "exitCode"), text(n, "evidence"));
            String time = text(n, "time");
            e = AuditEntry.create(n.get("seq").asLong(), Instant.parse(time), event);
            if (!n.get("seq").canConvertToExactIntegral() || !n.get("seq").isIntegralNumber()) {
                throw new IllegalArgumentException("seq must be an integer");
            }
        } catch (IllegalArgumentException | DateTimeParseException | NullPointerException ex) {
            throw new InvalidFormatException("audit entry is malformed: " + ex.getMessage());
        }
        if (!Arrays.equals(e.encode(), bytes)) {
            throw new InvalidFormatException("audit entry is not in canonical form (RFC 8785): its fields encode differently");
        }
        return e;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (!v.isInt()) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
        return v.asInt();
    }
}
