package org.gfctl.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.gfctl.core.merkle.MerkleHash;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.StoreCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify on a SQLite log of several {@link SqliteLeafBatches#BATCH}-row batches: tampering at and
 * across batch boundaries, and rows the batches cannot carry (read again row by row), are reported
 * exactly as on a one-batch log.
 */
class SqliteLeafBatchesTest {
    private static final int ENTRIES = 2 * SqliteLeafBatches.BATCH + 500;
    @TempDir
    Path dir;
    FabricStore store;

    /** ENTRIES bulk-inserted entries and one appended by the log, whose checkpoint signs them all. */
    @BeforeEach
    void log() throws SQLException {
        store = FabricStore.open("jdbc:sqlite:" + dir.resolve("fabric.db"), StoreCredentials.none());
        try (PreparedStatement ps = store.connection().prepareStatement("INSERT INTO audit_entries (seq, entry,"
                + " leaf_hash) VALUES (?, ?, ?)")) {
            store.connection().setAutoCommit(false);
            for (int i = 0; i < ENTRIES; i++) {
                byte[] bytes = AuditEntry.create(i, Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i),
                        AuditEvent.of(Role.HOST, "attest", "h" + i, "ok", 0, null)).encode();
                ps.setLong(1, i);
                ps.setBytes(2, bytes);
                ps.setBytes(3, MerkleHash.leaf(bytes));
                ps.addBatch();
            }
            ps.executeBatch();
            store.connection().commit();
            store.connection().setAutoCommit(true);
        }
        AuditLog.open(store, TestKeys.AUDIT).appendAfterImport(AuditEvent.of(Role.HOST, "attest", "last", "ok", 0,
                null));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private VerificationReport verify() {
        return AuditVerifier.of(store, TestKeys.AUDIT.certificate()).verify();
    }

    private void sql(String... statements) throws SQLException {
        try (Statement s = store.connection().createStatement()) {
            for (String sql : statements) {
                s.executeUpdate(sql);
            }
        }
    }

    @Test
    void cleanLogOfSeveralBatches_verifies() {
        VerificationReport r = verify();
        assertThat(r.intact()).as(r.findings().toString()).isTrue();
        assertThat(r.entries()).isEqualTo(ENTRIES + 1);
    }

    @Test
    void entriesDeletedAcrossABatchBoundary_areMissing() throws SQLException {
        long b = SqliteLeafBatches.BATCH;
        sql("DELETE FROM audit_entries WHERE seq BETWEEN " + (b - 2) + " AND " + (b + 1));
        assertThat(verify().findings()).extracting(Finding::message)
                .containsExactly("entries " + (b - 2) + ".." + (b + 1) + " missing");
    }

    @Test
    void entriesSwappedBetweenBatches_areReordered() throws SQLException {
        sql("UPDATE audit_entries SET seq = -1 WHERE seq = 5", "UPDATE audit_entries SET seq = 5 WHERE seq = 2000",
                "UPDATE audit_entries SET seq = 2000 WHERE seq = -1");
        assertThat(verify().findings()).extracting(Finding::message)
                .containsExactly("entries reordered (5, 2000): each one's position holds the other's entry");
    }

    @Test
    void leafHashOfAnotherLength_isReadRowByRow_andReported() throws SQLException {
        sql("UPDATE audit_entries SET leaf_hash = x'00' WHERE seq = 1500");
        assertThat(verify().findings()).extracting(Finding::message)
                .containsExactly("entry 1500 modified: its bytes no longer hash to its stored leaf hash");
    }

    @Test
    void entryStoredAsTextWithANewline_isReported() throws SQLException {
        sql("UPDATE audit_entries SET entry = CAST(entry AS TEXT) || char(10) WHERE seq = " + SqliteLeafBatches.BATCH);
        assertThat(verify().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.ENTRY_MODIFIED);
            assertThat(f.message()).startsWith("entry " + SqliteLeafBatches.BATCH + " modified: its stored bytes are not"
                    + " a canonical audit entry").endsWith("; its bytes no longer hash to its stored leaf hash");
        });
    }

    @Test
    void numberLists_areReadStrictly() {
        long[] into = new long[4];
        assertThat(SqliteLeafBatches.numbers(ascii("0,17,-5,123456789012345678"), into)).isEqualTo(4);
        assertThat(into).containsExactly(0, 17, -5, 123_456_789_012_345_678L);
        for (String bad : new String[] {"", ",", "1,", ",1", "1,,2", "-", "1-2", "--1", "1 ,2", "+1", "1.0", "a",
            "1234567890123456789", "1,2,3,4,5"}) {
            assertThat(SqliteLeafBatches.numbers(ascii(bad), new long[4])).as(bad).isEqualTo(-1);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void rowsComeInSequenceOrderThroughTheReaderThread_andItsFailureIsRethrownHere() throws SQLException {
        java.util.List<Long> seen = new java.util.ArrayList<>();
        SqliteLeafBatches.stream(store.connection(), (seq, e, from, to, l, lf, lt) -> seen.add(seq),
                (first, last, r) -> {
                    throw new AssertionError("no range of a clean log is read row by row");
                });
        assertThat(seen).hasSize(ENTRIES + 1).isSorted().doesNotHaveDuplicates().startsWith(0L).endsWith((long) ENTRIES);

        sql("ALTER TABLE audit_entries RENAME TO audit_entries_gone");
        assertThatThrownBy(() -> SqliteLeafBatches.stream(store.connection(), (seq, e, from, to, l, lf, lt) -> { },
                (first, last, r) -> { })).isInstanceOf(SQLException.class).hasMessageContaining("audit_entries");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("gfctl-audit-reader"));
    }

    @Test
    void aFailingConsumer_stopsTheReaderThread() {
        assertThatThrownBy(() -> SqliteLeafBatches.stream(store.connection(), (seq, e, from, to, l, lf, lt) -> {
            throw new IllegalStateException("stop at " + seq);
        }, (first, last, r) -> { })).isInstanceOf(IllegalStateException.class).hasMessage("stop at 0");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("gfctl-audit-reader"));
    }

    @Test
    void batchesTooLargeForSQLite_areReadRowByRow() throws SQLException {
        store.connection().unwrap(org.sqlite.SQLiteConnection.class)
                .setLimit(org.sqlite.SQLiteLimits.SQLITE_LIMIT_LENGTH, 100_000); // a batch aggregate is ~1.6 MB
        assertThat(verify().intact()).isTrue();
        sql("UPDATE audit_entries SET entry = CAST(REPLACE(CAST(entry AS TEXT), '\"h7\"', '\"h8\"') AS BLOB) WHERE seq = 7");
        VerificationReport r = verify();
        assertThat(r.findings()).extracting(Finding::message)
                .contains("entry 7 modified: its bytes no longer hash to its stored leaf hash");
    }

    @Test
    void anErrorThatEndsTheReader_reachesTheVerifier() throws SQLException {
        sql("UPDATE audit_entries SET leaf_hash = x'00' WHERE seq = 3"); // the first range is read row by row
        assertThatThrownBy(() -> SqliteLeafBatches.stream(store.connection(), (seq, e, from, to, l, lf, lt) -> { },
                (first, last, r) -> {
                    throw new StackOverflowError("reader gave up at " + first);
                })).isInstanceOf(StackOverflowError.class).hasMessage("reader gave up at 0");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("gfctl-audit-reader"));
    }

    @Test
    void aUtf16Database_isReadRowByRow_andStillVerified() throws SQLException {
        Path db = dir.resolve("utf16.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA encoding = 'UTF-16le'");
            s.execute("CREATE TABLE t (x)"); // fixes the encoding before the migrations run
            s.execute("DROP TABLE t");
        }
        try (FabricStore utf16 = FabricStore.open("jdbc:sqlite:" + db, StoreCredentials.none())) {
            AuditLog log = AuditLog.open(utf16, TestKeys.AUDIT);
            for (int i = 0; i < 5; i++) {
                log.append(AuditEvent.of(Role.HOST, "attest", "h" + i, "ok", 0, null));
            }
            try (Statement s = utf16.connection().createStatement(); var rs = s.executeQuery("PRAGMA encoding")) {
                assertThat(rs.next() && rs.getString(1).startsWith("UTF-16")).isTrue();
            }
            assertThat(AuditVerifier.of(utf16, TestKeys.AUDIT.certificate()).verify().intact()).isTrue();
            try (Statement s = utf16.connection().createStatement()) {
                // bytes that are no UTF-16 text (a lone surrogate): re-encoded, they would come back other bytes
                s.executeUpdate("UPDATE audit_entries SET entry = entry || x'00d84100' WHERE seq = 2");
            }
            assertThat(AuditVerifier.of(utf16, TestKeys.AUDIT.certificate()).verify().findings())
                    .extracting(Finding::message).anyMatch(m -> m.startsWith("entry 2 modified"));
        }
    }

    @Test
    void aKeyStoreFailure_isReportedBeforeAFailedPass() {
        Thread.currentThread().interrupt(); // stops the pass at its first wait (as Ctrl-C in the console)
        try {
            assertThatThrownBy(() -> AuditVerifier.of(store, () -> {
                throw new org.gfctl.core.KeyRefusedException("wrong password for the guardian key store");
            }).verify()).isInstanceOf(org.gfctl.core.KeyRefusedException.class)
                    .satisfies(e -> assertThat(e.getSuppressed()).singleElement().asString().contains("interrupted"));
        } finally {
            Thread.interrupted();
        }
        assertThat(verify().intact()).as("the same store, not interrupted").isTrue();
    }
}
