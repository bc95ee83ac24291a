package org.gfctl.core.audit;

import java.util.Arrays;

/**
 * Writes the canonical entry encoding straight from UTF-8 column bytes into a reused buffer, for
 * the verifier's hot loop (no strings are built for the million rows of a large log).
 *
 * <p>Produces exactly {@link AuditEntry#encode()}'s bytes: RFC 8785 §3.2.2.2 escapes only
 * {@code "}, {@code \} and C0 controls, all ASCII, so escaping UTF-8 byte by byte is exact.
 */
final class CanonicalWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private byte[] buf = new byte[512];
    private int len;

    /** Whether the columns of one row encode to exactly {@code entry}. */
    boolean matches(long seq, byte[] time, byte[] actor, byte[] actorKey, byte[] role, byte[] action, byte[] object,
            byte[] result, int exitCode, byte[] evidence, byte[] entry) {
        len = 0;
        ascii("{\"action\":");
        string(action);
        ascii(",\"actor\":");
        string(actor);
        ascii(",\"actorKey\":");
        string(actorKey);
        ascii(",\"evidence\":");
        string(evidence);
        ascii(",\"exitCode\":");
        ascii(Integer.toString(exitCode));
        ascii(",\"object\":");
        string(object);
        ascii(",\"result\":");
        string(result);
        ascii(",\"role\":");
        string(role);
        ascii(",\"seq\":");
        ascii(Long.toString(seq));
        ascii(",\"time\":");
        string(time);
        ascii(",\"version\":" + AuditEntry.VERSION + "}");
        return Arrays.equals(buf, 0, len, entry, 0, entry.length);
    }

    private void string(byte[] s) {
        if (s == null) {
            ascii("null");
            return;
        }
        room(s.length * 6 + 2);
        buf[len++] = '"';
        for (byte b : s) {
            if (b == '"' || b == '\\') {
                buf[len++] = '\\';
                buf[len++] = b;
            } else if (b >= 0 && b < 0x20) {
                escape(b);
            } else {
                buf[len++] = b;
            }
        }
        buf[len++] = '"';
    }

    private void escape(byte b) {
        buf[len++] = '\\';
        switch (b) {
            case '\b' -> buf[len++] = 'b';
            case '\f' -> buf[len++] = 'f';
            case '\n' -> buf[len++] = 'n';
            case '\r' -> buf[len++] = 'r';
            case '\t' -> buf[len++] = 't';
            default -> {
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[b >> 4];
                buf[len++] = HEX[b & 15];
            }
        }
    }

    private void ascii(String s) {
        room(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
