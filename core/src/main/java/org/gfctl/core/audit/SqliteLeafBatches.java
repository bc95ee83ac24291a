package org.gfctl.core.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.internal.ReadAhead;

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
 *
 * <p>The queries run on a reader thread, {@value #AHEAD} batches ahead of the caller's thread,
 * which hashes and checks the rows: on two cores the SQLite work (~40% of the pass) overlaps the
 * rest. The connection is used by the reader only until the stream ends.
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
    /** Batches read ahead of the verifier. */
    static final int AHEAD = 2;
    /** SQLite's result code when a value would exceed its length limit (an aggregate of huge entries). */
    private static final int SQLITE_TOOBIG = 18;
    private final long[] lengths = new long[BATCH];
    private final ReadAhead.Sink<Part> out;
    private PreparedStatement aggregate;

    private SqliteLeafBatches(ReadAhead.Sink<Part> out) {
        this.out = out;
    }

    /** Rows read, passed on by the verifier's thread. */
    private interface Part {
        void pass(AuditTables.Leaves rows);
    }

    /**
     * Passes every row to {@code rows} in sequence order, on this thread; ranges that fail the checks
     * go to {@code rowByRow}. Rethrows what stopped the reader, whatever it was. {@code rows} must
     * not use the connection: the reader does until this returns.
     */
    static void stream(Connection c, AuditTables.Leaves rows, AuditTables.Range rowByRow) throws SQLException {
        try {
            ReadAhead.<Part, SQLException>run("gfctl-audit-reader", AHEAD,
                    sink -> new SqliteLeafBatches(sink).read(c, rowByRow), part -> part.pass(rows));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GfctlException(ExitCode.FAILURE, "audit verify was interrupted (Ctrl-C) before it read the"
                    + " whole log: nothing was verified", e);
        }
    }

    private void read(Connection c, AuditTables.Range rowByRow) throws SQLException, InterruptedException {
        try (PreparedStatement lowest = c.prepareStatement("SELECT min(seq) FROM audit_entries WHERE seq >= ?");
                PreparedStatement highest = c.prepareStatement("SELECT max(seq) FROM audit_entries")) {
            Long end = value(highest);
            lowest.setLong(1, Long.MIN_VALUE);
            for (Long first = value(lowest); first != null; first = value(lowest)) {
                long last = end - first >= 0 && end - first < BATCH ? end : first + BATCH - 1; // no overflow either way
                Part part = batch(c, first, last);
                if (part == null) {
                    LeafRows read = new LeafRows();
                    rowByRow.read(first, last, read);
                    part = read::pass;
                }
                out.put(part);
                if (last == end) {
                    return;
                }
                lowest.setLong(1, last + 1);
            }
        } finally {
            if (aggregate != null) {
                aggregate.close();
            }
        }
    }

    /**
     * The checked batch of rows {@code first..last}, or null if the range must be read row by row:
     * anything does not add up, or its entries are too large for SQLite to aggregate (a tampered
     * log can hold entries of any size; sqlite-jdbc closes a statement that failed, so the next
     * batch prepares it again).
     */
    private Batch batch(Connection c, long first, long last) throws SQLException {
        if (aggregate == null) {
            aggregate = c.prepareStatement(SQL);
        }
        aggregate.setLong(1, first);
        aggregate.setLong(2, last);
        try (ResultSet rs = aggregate.executeQuery()) {
            int n = rs.next() ? rs.getInt(1) : 0;
            return n > 0 ? parsed(n, first, last, rs.getBytes(2), rs.getBytes(3), rs.getBytes(4)) : null;
        } catch (SQLException e) {
            if (e.getErrorCode() != SQLITE_TOOBIG) {
                throw e;
            }
            aggregate.close();
            aggregate = null;
            return null;
        }
    }

    /** A checked batch: row i is {@code bytes[ends[i-1]..ends[i])}, its leaf hash then its entry. */
    private record Batch(int n, long[] seqs, int[] ends, byte[] bytes) implements Part {
        /**
         * A method called per batch, so that the JIT compiles this loop as a method that the next
         * verify in the same JVM reuses, rather than only as an on-stack replacement.
         */
        @Override
        public void pass(AuditTables.Leaves rows) {
            for (int i = 0, start = 0; i < n; start = ends[i++]) {
                rows.accept(seqs[i], bytes, start + LEAF, ends[i], bytes, start, start + LEAF);
            }
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
     * The batch the lists describe (read as bytes: no strings to build), or null if anything does
     * not add up.
     */
    private Batch parsed(int n, long first, long last, byte[] seqList, byte[] lengthList, byte[] bytes) {
        long[] seqs = new long[BATCH];
        int[] ends = new int[n];
        if (seqList == null || lengthList == null || bytes == null || numbers(seqList, seqs) != n
                || numbers(lengthList, lengths) != n) {
            return null;
        }
        long end = 0;
        long previous = 0;
        for (int i = 0; i < n; i++) {
            long seq = seqs[i];
            long length = lengths[i];
            if (length < 0 || length > bytes.length || seq < first || seq > last || (i > 0 && seq <= previous)) {
                return null;
            }
            previous = seq;
            end += LEAF + length;
            if (end > bytes.length) {
                return null;
            }
            ends[i] = (int) end;
        }
        return end == bytes.length ? new Batch(n, seqs, ends, bytes) : null;
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
