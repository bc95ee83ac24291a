package org.gfctl.core.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.store.FabricStore;

/**
 * SQL over {@code audit_entries} and {@code audit_checkpoints} (migrations V2, V4), including the
 * engine-specific parts: the write lock that serializes appenders and the schema check.
 *
 * <p>SQLite takes its database write lock up front with {@code BEGIN IMMEDIATE} (waiting up to the
 * store's busy timeout) so two appenders never both read the same head; PostgreSQL takes a
 * self-conflicting {@code SHARE ROW EXCLUSIVE} lock on the checkpoint table, which readers ignore.
 * Reads run in a read transaction: one snapshot (the verifier reads SQLite in many queries) and, on
 * PostgreSQL, with a fetch size so rows stream from a cursor.
 * Only seq, entry and leaf_hash are written; the filter columns are generated from the entry.
 */
final class AuditTables {
    static final String ENTRY_COLUMNS = "seq, time, actor, actor_key, role, action, object, result, exit_code,"
            + " evidence_digest, entry, leaf_hash";
    /** The columns an append writes; the others are generated from {@code entry} (V4). */
    static final String STORED_COLUMNS = "seq, entry, leaf_hash";
    static final String CHECKPOINT_COLUMNS = "number, tree_size, root, time, signature, signer, prev";
    private static final int FETCH = 8192;
    private final FabricStore store;
    private final Connection c;

    AuditTables(FabricStore store) {
        this.store = store;
        this.c = store.connection();
    }

    /** A unit of work on the locked tables. */
    interface Work<T> {
        T run() throws SQLException;
    }

    /** A consumer of rows that may fail with SQL errors. */
    interface Rows<T> {
        void accept(T row) throws SQLException;
    }

    /**
     * A consumer of the verifier's rows: sequence number, entry bytes {@code entries[from..to)} and
     * stored leaf hash {@code leafHashes[leafFrom..leafTo)}, as stored (slices: SQLite rows come in batches).
     */
    interface Leaves {
        void accept(long seq, byte[] entries, int from, int to, byte[] leafHashes, int leafFrom, int leafTo);
    }

    /** A reader of the verifier's rows with {@code first <= seq <= last}. */
    interface Range {
        void read(long first, long last, Leaves rows) throws SQLException;
    }

    /** Runs {@code work} in a transaction holding the appenders' lock; commits, or rolls back on any failure. */
    <T> T locked(Work<T> work) {
        try {
            boolean auto = c.getAutoCommit();
            try (Statement s = c.createStatement()) {
                if (store.engine() == FabricStore.Engine.SQLITE) {
                    c.setAutoCommit(true);
                    s.execute("BEGIN IMMEDIATE");
                } else {
                    c.setAutoCommit(false);
                    s.execute("LOCK TABLE audit_checkpoints IN SHARE ROW EXCLUSIVE MODE");
                }
                try {
                    T r = work.run();
                    commit(s);
                    return r;
                } catch (RuntimeException | SQLException e) {
                    rollback(s);
                    throw e;
                }
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure("appending to the audit log", e);
        }
    }

    /**
     * Runs {@code work} in a read transaction, so that its queries see one snapshot (the verifier's
     * SQLite batches are many queries) and stream (PostgreSQL needs a transaction for cursors).
     */
    <T> T reading(Work<T> work) {
        try {
            if (!c.getAutoCommit()) {
                return work.run();
            }
            c.setAutoCommit(false);
            try {
                return work.run();
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("reading the audit log", e);
        }
    }

    /** The highest sequence number, or -1 for an empty log. */
    long maxSeq() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(seq) FROM audit_entries")) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? -1 : v;
        }
    }

    /** The checkpoint with the highest number, with its frontier. */
    Optional<Head> latest() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + CHECKPOINT_COLUMNS
                + ", frontier FROM audit_checkpoints ORDER BY number DESC LIMIT 1")) {
            return rs.next() ? Optional.of(new Head(checkpoint(rs), rs.getBytes(8))) : Optional.empty();
        }
    }

    /** A checkpoint and the frontier stored beside it. */
    record Head(Checkpoint checkpoint, byte[] frontier) {}

    void insert(AuditEntry e, byte[] bytes, byte[] leaf) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entries (" + STORED_COLUMNS
                + ") VALUES (?, ?, ?)")) {
            bind(ps, e, bytes, leaf);
            ps.executeUpdate();
        }
    }

    static void bind(PreparedStatement ps, AuditEntry e, byte[] bytes, byte[] leaf) throws SQLException {
        ps.setLong(1, e.seq());
        ps.setBytes(2, bytes);
        ps.setBytes(3, leaf);
    }

    void insert(Checkpoint k, byte[] frontier) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_checkpoints (" + CHECKPOINT_COLUMNS
                + ", frontier) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, k.number());
            ps.setLong(2, k.treeSize());
            ps.setBytes(3, k.root());
            ps.setString(4, k.time());
            ps.setBytes(5, k.signature());
            ps.setString(6, k.signer());
            ps.setBytes(7, k.prev());
            ps.setBytes(8, frontier);
            ps.executeUpdate();
        }
    }

    /** Streams the stored leaf hashes of entries {@code 0..size-1} in order, with their sequence numbers. */
    void leafHashes(long size, Rows<ResultSet> rows) throws SQLException {
        query("SELECT seq, leaf_hash FROM audit_entries WHERE seq < " + size + " ORDER BY seq", rows);
    }

    /** Streams every entry row in sequence order. */
    void entries(String where, List<Object> args, Rows<StoredEntry> rows) throws SQLException {
        query("SELECT " + ENTRY_COLUMNS + " FROM audit_entries" + where + " ORDER BY seq", args,
                rs -> rows.accept(entry(rs)));
    }

    /** Streams every checkpoint in number order; rows that are not checkpoints at all go to {@code malformed}. */
    void checkpoints(Rows<Checkpoint> rows, Rows<Long> malformed) throws SQLException {
        query("SELECT " + CHECKPOINT_COLUMNS + " FROM audit_checkpoints ORDER BY number", rs -> {
            Checkpoint k;
            try {
                k = checkpoint(rs);
            } catch (IllegalArgumentException e) {
                malformed.accept(rs.getLong(1));
                return;
            }
            rows.accept(k);
        });
    }

    /**
     * Streams every row's sequence number, entry bytes and stored leaf hash in sequence order for
     * the verifier, nothing else read. SQLite reads batches ({@link SqliteLeafBatches}) while the
     * table is V4's, whose {@code seq} is the rowid (unique integers, which the batches' cursor
     * relies on); otherwise, and on PostgreSQL, one forward-only query.
     */
    void leavesForVerify(Leaves rows) throws SQLException {
        if (store.engine() == FabricStore.Engine.SQLITE && detachedFilterColumns().isEmpty() && utf8()) {
            SqliteLeafBatches.stream(c, rows, (first, last, r) -> leavesForVerify(" WHERE seq >= " + first
                    + " AND seq <= " + last, r));
        } else {
            // One thread: a reader thread here gave no clear gain on PostgreSQL (docs/audit.md, "Session 5").
            leavesForVerify("", rows);
        }
    }

    private void leavesForVerify(String where, Leaves rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + STORED_COLUMNS + " FROM audit_entries" + where
                + " ORDER BY seq", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(FETCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] entry = rs.getBytes(2);
                    byte[] leaf = rs.getBytes(3);
                    rows.accept(rs.getLong(1), entry, 0, entry.length, leaf, 0, leaf == null ? 0 : leaf.length);
                }
            }
        }
    }

    /**
     * Whether the SQLite database stores text as UTF-8, as gfctl creates it. In a UTF-16 database
     * the batches' {@code ||} and {@code group_concat} would re-encode the entry bytes, so its
     * entries are read row by row.
     */
    private boolean utf8() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA encoding")) {
            return rs.next() && "UTF-8".equals(rs.getString(1));
        }
    }

    /** What is wrong with the definition of the generated filter columns, or empty (see {@link AuditSchema}). */
    Optional<String> detachedFilterColumns() throws SQLException {
        return AuditSchema.detachedFilterColumns(c, store.engine());
    }

    Optional<StoredEntry> entry(long seq) throws SQLException {
        List<StoredEntry> out = new ArrayList<>();
        entries(" WHERE seq = ?", List.of(seq), out::add);
        return out.isEmpty() ? Optional.empty() : Optional.of(out.get(0));
    }

    private void query(String sql, Rows<ResultSet> rows) throws SQLException {
        query(sql, List.of(), rows);
    }

    private void query(String sql, List<Object> args, Rows<ResultSet> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(FETCH);
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.accept(rs);
                }
            }
        }
    }

    private static StoredEntry entry(ResultSet rs) throws SQLException {
        return new StoredEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10), rs.getBytes(11),
                rs.getBytes(12));
    }

    private static Checkpoint checkpoint(ResultSet rs) throws SQLException {
        return Checkpoint.of(rs.getLong(1), rs.getLong(2), rs.getBytes(3), rs.getString(4), rs.getBytes(5),
                rs.getString(6), rs.getBytes(7));
    }

    private void commit(Statement s) throws SQLException {
        if (store.engine() == FabricStore.Engine.SQLITE) {
            s.execute("COMMIT");
        } else {
            c.commit();
        }
    }

    private void rollback(Statement s) {
        try {
            if (store.engine() == FabricStore.Engine.SQLITE) {
                s.execute("ROLLBACK");
            } else {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // The original failure is the one to report; the transaction dies with the connection anyway.
        }
    }

    static GfctlException failure(String what, SQLException e) {
        return new GfctlException(ExitCode.FAILURE, what + " failed: " + e.getMessage(), e);
    }
}
