package org.gfctl.core.audit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The verifier's fast check that stored entry bytes have the exact layout {@link AuditEntry#encode()}
 * writes, returning the sequence number inside them, without building strings or a JSON tree.
 *
 * <p>Bytes pass when they are the canonical encoding (RFC 8785 §3.2.2.2 minimal string escapes,
 * members in {@link EntryCodec#MEMBERS} order, integers without sign or leading zeros) of some
 * field values, ASCII only. Anything else, including every non-ASCII entry, gets the full
 * {@link AuditEntry#decode} instead, which also validates the field values; so this only has to
 * be sound (never pass bytes that {@code encode} could not have written), not complete.
 */
final class EntryShape {
    /** Returned when the bytes need the full decoder. */
    static final long NOT_CANONICAL = -1;
    private static final byte STRING = 0;
    private static final byte NULLABLE_STRING = 1;
    private static final byte INT = 2;
    private static final byte SEQ = 3;
    private static final byte NONE = 4;
    private static final byte[][] NAMES = {ascii("{\"action\":"), ascii(",\"actor\":"), ascii(",\"actorKey\":"),
        ascii(",\"evidence\":"), ascii(",\"exitCode\":"), ascii(",\"object\":"), ascii(",\"result\":"),
        ascii(",\"role\":"), ascii(",\"seq\":"), ascii(",\"time\":"), ascii(",\"version\":" + AuditEntry.VERSION + "}")};
    /** The value after each of {@link #NAMES}, in order. */
    private static final byte[] VALUES = {STRING, STRING, NULLABLE_STRING, NULLABLE_STRING, INT, STRING, STRING, STRING,
        SEQ, STRING, NONE};
    /** Eight bytes of an entry at a time, for {@link #string}'s skip over plain characters. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** The first and the last eight bytes of each of {@link #NAMES} that has eight or more. */
    private static final long[] HEADS = new long[NAMES.length];
    private static final long[] TAILS = new long[NAMES.length];

    static {
        for (int n = 0; n < NAMES.length; n++) {
            int length = NAMES[n].length;
            if (length > 2 * Long.BYTES) {
                throw new org.gfctl.core.Bug("member prefix " + n + " is longer than two longs");
            }
            if (length >= Long.BYTES) {
                HEADS[n] = (long) LONGS.get(NAMES[n], 0);
                TAILS[n] = (long) LONGS.get(NAMES[n], length - Long.BYTES);
            }
        }
    }

    private EntryShape() {}

    /** The {@code seq} member of {@code entry} if it is canonical and ASCII, else {@link #NOT_CANONICAL}. */
    static long seq(byte[] entry) {
        return seq(entry, 0, entry.length);
    }

    /**
     * {@link #seq(byte[])} of the entry in {@code b[from..to)} (the verifier reads entries in batches).
     *
     * <p>One loop over the members, driven by {@link #VALUES}, rather than one call per member: the
     * verifier runs this a million times in a fresh JVM, where C2 spent ~0.4 s compiling the
     * straight-line version (each of its 20 inlined scanning loops optimised separately) and then
     * as much again for each caller it was inlined into.
     */
    static long seq(byte[] b, int from, int to) {
        int i = from;
        int seqAt = -1;
        int seqEnd = -1;
        for (int n = 0; n < NAMES.length; n++) {
            i = name(b, to, i, n);
            if (i < 0) {
                return NOT_CANONICAL;
            }
            switch (VALUES[n]) {
                case STRING, NULLABLE_STRING -> i = string(b, to, i, VALUES[n] == NULLABLE_STRING);
                case INT -> i = integerEnd(b, to, i, true);
                case SEQ -> {
                    seqAt = i;
                    i = seqEnd = integerEnd(b, to, i, false);
                }
                default -> { } // the closing "version" member carries its value in its prefix
            }
            if (i < 0) {
                return NOT_CANONICAL;
            }
        }
        return i == to ? value(b, seqAt, seqEnd) : NOT_CANONICAL;
    }

    /**
     * The index after member prefix {@code n} at {@code i}, or -1. A prefix of 8 to 16 bytes is
     * compared as its first and its last eight bytes.
     */
    private static int name(byte[] b, int end, int i, int n) {
        byte[] p = NAMES[n];
        if (i < 0 || i + p.length > end) {
            return -1;
        }
        if (p.length >= Long.BYTES) {
            return (long) LONGS.get(b, i) == HEADS[n] && (long) LONGS.get(b, i + p.length - Long.BYTES) == TAILS[n]
                    ? i + p.length : -1;
        }
        for (int k = 0; k < p.length; k++) {
            if (b[i + k] != p[k]) {
                return -1;
            }
        }
        return i + p.length;
    }

    /** The index after a JSON string with only the escapes RFC 8785 produces (or {@code null} where allowed), or -1. */
    private static int string(byte[] b, int end, int i, boolean nullable) {
        if (i < 0 || i >= end) {
            return -1;
        }
        if (b[i] != '"') {
            return nullable && i + 4 <= end && b[i] == 'n' && b[i + 1] == 'u' && b[i + 2] == 'l' && b[i + 3] == 'l'
                    ? i + 4 : -1;
        }
        i++;
        while (i + Long.BYTES <= end && !special((long) LONGS.get(b, i))) {
            i += Long.BYTES;
        }
        while (i < end) {
            byte c = b[i++];
            if (c == '"') {
                return i;
            }
            if (c < 0x20) {
                return -1;
            }
            if (c == '\\' && (i = escape(b, end, i)) < 0) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Whether any of the eight bytes in {@code x} is a quote, a backslash, below 0x20 or above 0x7f:
     * the bytes {@link #string} has to look at one by one. Exact for "any" (the zero-byte tests can
     * flag a byte after a hit by a borrow, never miss one), which is all the skip needs.
     */
    static boolean special(long x) {
        long quote = x ^ 0x2222222222222222L;
        long backslash = x ^ 0x5c5c5c5c5c5c5c5cL;
        long zeroQuote = (quote - ONES) & ~quote;
        long zeroBackslash = (backslash - ONES) & ~backslash;
        long control = (x - 0x20 * ONES) & ~x;
        return ((zeroQuote | zeroBackslash | control | x) & HIGHS) != 0;
    }

    private static int escape(byte[] b, int end, int i) {
        if (i >= end) {
            return -1;
        }
        byte c = b[i++];
        if (c == '"' || c == '\\' || c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't') {
            return i;
        }
        if (c != 'u' || i + 4 > end || b[i] != '0' || b[i + 1] != '0') {
            return -1;
        }
        int hi = b[i + 2];
        int lo = b[i + 3];
        int v = (hi == '0' ? 0 : hi == '1' ? 16 : 32) + (lo >= '0' && lo <= '9' ? lo - '0' : lo >= 'a' && lo <= 'f'
                ? lo - 'a' + 10 : 32);
        return v < 0x20 && v != '\b' && v != '\f' && v != '\n' && v != '\r' && v != '\t' ? i + 4 : -1;
    }

    /** The index after a canonical integer (int range when signed, 0..2^53-1 otherwise), or -1. */
    private static int integerEnd(byte[] b, int end, int i, boolean signed) {
        boolean negative = signed && i < end && b[i] == '-';
        int start = negative ? i + 1 : i;
        int after = start;
        while (after < end && b[after] >= '0' && b[after] <= '9' && after - start < 16) {
            after++;
        }
        if (after == start || (after - start > 1 && b[start] == '0')) {
            return -1;
        }
        long v = value(b, start, after);
        boolean fits = signed ? (negative ? v != 0 && v <= -(long) Integer.MIN_VALUE : v <= Integer.MAX_VALUE)
                : v < 1L << 53;
        return fits ? after : -1;
    }

    private static long value(byte[] b, int from, int to) {
        long v = 0;
        for (int k = from; k < to; k++) {
            v = v * 10 + (b[k] - '0');
        }
        return v;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
