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
    static final int BATCH = 1024;
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
                    if (n > 0 && parsed(n, first, last, rs.getString(2), rs.getString(3), rowsBytes)) {
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

    /** Fills {@link #seqs} and {@link #ends} from the lists, or returns false if anything does not add up. */
    private boolean parsed(int n, long first, long last, String seqList, String lengthList, byte[] bytes) {
        if (seqList == null || lengthList == null || bytes == null) {
            return false;
        }
        Numbers s = new Numbers(seqList);
        Numbers l = new Numbers(lengthList);
        long end = 0;
        for (int i = 0; i < n; i++) {
            seqs[i] = s.next();
            long length = l.next();
            end += LEAF + length;
            if (s.failed || l.failed || length < 0 || end > bytes.length || seqs[i] < first || seqs[i] > last
                    || (i > 0 && seqs[i] <= seqs[i - 1])) {
                return false;
            }
            ends[i] = (int) end;
        }
        return s.done() && l.done() && end == bytes.length;
    }

    /** A strict reader of group_concat's comma-separated decimal integers. */
    private static final class Numbers {
        private final String text;
        private int at;
        private boolean failed;

        Numbers(String text) {
            this.text = text;
        }

        long next() {
            if (at > 0 && (at >= text.length() || text.charAt(at++) != ',')) {
                failed = true;
                return 0;
            }
            boolean negative = at < text.length() && text.charAt(at) == '-';
            int start = negative ? ++at : at;
            long v = 0;
            while (at < text.length() && at - start < 18 && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                v = v * 10 + text.charAt(at++) - '0';
            }
            failed |= at == start || (at < text.length() && text.charAt(at) != ',');
            return negative ? -v : v;
        }

        boolean done() {
            return !failed && at == text.length();
        }
    }
}
