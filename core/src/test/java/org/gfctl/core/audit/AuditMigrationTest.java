package org.gfctl.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.testing.PostgresExtension;
import org.gfctl.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A log written under schema 3 (filter columns stored) verifies, lists and grows after migration V4. */
@ExtendWith(PostgresExtension.class)
class AuditMigrationTest {
    private static final int SIZE = 5;

    @Test
    void sqliteLogOfSchema3_survivesV4(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("fabric.db");
        migratedLogVerifies(url, FabricStore.Engine.SQLITE, new Properties(), StoreCredentials.none());
    }

    @Test
    void postgresqlLogOfSchema3_survivesV4(PostgresServer pg, @TempDir Path dir) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        Path credentials = Files.writeString(dir.resolve("store.credentials"), pg.user() + "\n" + pg.password() + "\n");
        migratedLogVerifies(pg.createDatabase(), FabricStore.Engine.POSTGRESQL, p, StoreCredentials.fromFile(credentials));
    }

    private static void migratedLogVerifies(String url, FabricStore.Engine engine, Properties p, StoreCredentials creds)
            throws Exception {
        Flyway.configure(FabricStore.class.getClassLoader()).dataSource(url, p.getProperty("user"),
                p.getProperty("password")).locations("classpath:db/migration")
                .placeholders(FabricStore.migrationPlaceholders(engine)).target("3").load().migrate();
        try (Connection c = DriverManager.getConnection(url, p)) {
            schema3Log(c);
        }
        try (FabricStore store = FabricStore.open(url, creds)) {
            VerificationReport r = AuditVerifier.of(store, TestKeys.AUDIT.certificate()).verify();
            assertThat(r.findings()).isEmpty();
            assertThat(r.entries()).isEqualTo(SIZE);
            assertThat(AuditEntries.of(store).list(new AuditFilter(null, null, null, "h3", null, "denied")))
                    .extracting(AuditEntry::seq).containsExactly(3L);
            AuditLog.open(store, TestKeys.AUDIT).append(AuditEvent.of(Role.ADMIN, "noop", "", "ok", 0, null));
            assertThat(AuditVerifier.of(store, TestKeys.AUDIT.certificate()).verify().findings()).isEmpty();
        }
    }

    /** What AuditLog.append wrote before V4: every field as a column, and a checkpoint per entry. */
    private static void schema3Log(Connection c) throws Exception {
        CompactRange range = new CompactRange();
        for (int i = 0; i < SIZE; i++) {
            AuditEntry e = AuditEntry.create(i, Instant.now(), AuditEvent.of(Role.HOST, "attest", "h" + i,
                    i == 3 ? "denied" : "ok", i == 3 ? 3 : 0, null));
            AuditEvent v = e.event();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entries (seq, time, actor, actor_key,"
                    + " role, action, object, result, exit_code, evidence_digest, entry, leaf_hash)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, i);
                ps.setString(2, e.timeText());
                ps.setString(3, v.actor());
                ps.setString(4, v.actorKey());
                ps.setString(5, v.role().id());
                ps.setString(6, v.action());
                ps.setString(7, v.object());
                ps.setString(8, v.result());
                ps.setInt(9, v.exitCode());
                ps.setString(10, v.evidenceDigest());
                ps.setBytes(11, e.encode());
                ps.setBytes(12, e.leafHash());
                ps.executeUpdate();
            }
            range.append(e.leafHash());
            Checkpoint k = Checkpoint.sign(i, range.size(), range.root(), e.time(), TestKeys.AUDIT);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_checkpoints (number, tree_size, root,"
                    + " time, signature, signer, frontier) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, k.number());
                ps.setLong(2, k.treeSize());
                ps.setBytes(3, k.root());
                ps.setString(4, k.time());
                ps.setBytes(5, k.signature());
                ps.setString(6, k.signer());
                ps.setBytes(7, range.encoded());
                ps.executeUpdate();
            }
        }
    }
}
