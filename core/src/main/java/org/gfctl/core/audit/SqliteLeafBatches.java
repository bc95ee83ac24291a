package org.gfctl.core.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The verifier's read of a SQLite log: the rows of a {@value #BATCH}-wide range of sequence numbers
 * per query, their sequence numbers, entry lengths, and stored leaf hashes each followed by its
 * entry's bytes, concatenated by {@code group_concat} into one result row.
 *
 * <p>sqlite-jdbc crosses JNI (a synchronized native call) for every step and every column; a batch
 * crosses it a few times per thousand rows. Nothing is trusted from the concatenation: a batch is
 * used only when its sequence numbers parse as strictly increasing integers inside the range (which
 * also proves that the aggregate saw the rows in sequence order: group_concat's order is otherwise
 * unspecified), every leaf hash is 32 bytes and the lengths add up to the bytes' length;
 * otherwise (a NULL, a value that is not an integer, anything unexpected) that range is read again
 * row by row, so the verifier sees exactly the rows, bytes and order of the per-row query. Lengths,
 * not separators, split the entries, so an entry may hold any byte. The caller makes sure that
 * {@code seq} is the rowid (unique integers) and runs the queries in one read transaction.
 */
final class SqliteLeafBatches {
    static final int BATCH = 4096;
    private static final int LEAF = 32;
    /**
     * Per row its leaf hash and entry bytes as one value ({@code ||}), and the entry's length, or -1
     * when the leaf hash is not {@value #LEAF} bytes: one aggregate over the two blobs, which SQLite
     * builds in ~60% of the time of two (and no min/max of the leaf lengths beside it).
     */
    private static final String SQL = "SELECT count(*), group_concat(seq),"
            + " group_concat(CASE WHEN octet_length(leaf_hash) = " + LEAF + " THEN octet_length(entry) ELSE -1 END),"
            + " CAST(group_concat(leaf_hash || entry, '') AS BLOB)"
            + " FROM audit_entries WHERE seq >= ? AND seq <= ?";
    private final long[] seqs = new long[BATCH];
    private final long[] lengths = new long[BATCH];
    private final int[] ends = new int[BATCH];

    private SqliteLeafBatches() {}

    /** Passes every row to {@code rows} in sequence order; ranges that fail the checks go to {@code rowByRow}. */
    static void stream(Connection c, AuditTables.Leaves rows, AuditTables.Range rowByRow) throws SQLException {
        new SqliteLeafBatches().read(c, rows, rowByRow);
    }

    private void read(Connection c, AuditTables.Leaves rows, AuditTables.Range rowByRow) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL);
                PreparedStatement lowest = c.prepareStatement("SELECT min(seq) FROM audit_entries WHERE seq >= ?");
                PreparedStatement highest = c.prepareStatement("SELECT max(seq) FROM audit_entries")) {
            Long end = value(highest);
            lowest.setLong(1, Long.MIN_VALUE);
            for (Long first = value(lowest); first != null; first = value(lowest)) {
                long last = end - first >= 0 && end - first < BATCH ? end : first + BATCH - 1; // no overflow either way
                ps.setLong(1, first);
                ps.setLong(2, last);
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.next() ? rs.getInt(1) : 0;
                    byte[] rowsBytes = rs.getBytes(4);
                    if (n > 0 && parsed(n, first, last, rs.getBytes(2), rs.getBytes(3), rowsBytes)) {
                        pass(rows, n, rowsBytes);
                    } else {
                        rowByRow.read(first, last, rows);
                    }
                }
                if (last == end) {
                    return;
                }
                lowest.setLong(1, last + 1);
            }
        }
    }

    /**
     * Passes a checked batch on.
     *
     * <p>A method of its own, called per batch, so that the JIT compiles this loop as a method that
     * the next verify in the same JVM reuses, rather than only as an on-stack replacement of
     * {@link #read}'s loop, which is discarded when that loop ends.
     */
    private void pass(AuditTables.Leaves rows, int n, byte[] bytes) {
        for (int i = 0, start = 0; i < n; start = ends[i++]) {
            rows.accept(seqs[i], bytes, start + LEAF, ends[i], bytes, start, start + LEAF);
        }
    }

    /** The single value {@code query} returns, or null. */
    private static Long value(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? null : v;
        }
    }

    /**
     * Fills {@link #seqs} and {@link #ends} from the lists (their text's bytes: no strings to build),
     * or returns false if anything does not add up.
     */
    private boolean parsed(int n, long first, long last, byte[] seqList, byte[] lengthList, byte[] bytes) {
        if (seqList == null || lengthList == null || bytes == null || numbers(seqList, seqs) != n
                || numbers(lengthList, lengths) != n) {
            return false;
        }
        long end = 0;
        long previous = 0;
        for (int i = 0; i < n; i++) {
            long seq = seqs[i];
            long length = lengths[i];
            if (length < 0 || length > bytes.length || seq < first || seq > last || (i > 0 && seq <= previous)) {
                return false;
            }
            previous = seq;
            end += LEAF + length;
            if (end > bytes.length) {
                return false;
            }
            ends[i] = (int) end;
        }
        return end == bytes.length;
    }

    /**
     * Reads group_concat's comma-separated decimal integers (at most 18 digits, optionally negative)
     * into {@code into}: how many, or -1 if the text is anything else or holds more than fit.
     * One flat loop, which the JIT compiles once (a reader per number had it recompile four times).
     */
    static int numbers(byte[] text, long[] into) {
        int n = 0;
        int digits = 0;
        boolean negative = false;
        long v = 0;
        for (byte c : text) {
            if (c >= '0' && c <= '9' && digits < 18) {
                v = v * 10 + (c - '0');
                digits++;
            } else if (c == ',' && digits > 0 && n < into.length) {
                into[n++] = negative ? -v : v;
                v = 0;
                digits = 0;
                negative = false;
            } else if (c == '-' && digits == 0 && !negative) {
                negative = true;
            } else {
                return -1;
            }
        }
        if (digits == 0 || n == into.length) {
            return -1;
        }
        into[n++] = negative ? -v : v;
        return n;
    }
}
