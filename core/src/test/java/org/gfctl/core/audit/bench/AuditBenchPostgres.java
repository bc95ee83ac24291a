package org.gfctl.core.audit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.gfctl.core.audit.AuditEntry;
import org.gfctl.core.audit.AuditLog;
import org.gfctl.core.guardian.GuardianKeys;
import org.gfctl.core.guardian.KeyEntry;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.testing.PostgresServer;

/**
 * {@link AuditBench}'s verify figures on PostgreSQL (not a test): {@code AuditBenchPostgres DIR [ENTRIES]}.
 *
 * <p>Starts a throw-away PostgreSQL server (loopback, a temporary cluster, stopped at the end, as the
 * tests do), bulk-inserts ENTRIES synthetic entries into a fresh fabric store, lets one append sign
 * them, and times {@code AuditVerifier.verify()} three times in this JVM. {@code RESULT} lines as
 * AuditBench's, with a {@code pg_} prefix.
 */
public final class AuditBenchPostgres {
    private AuditBenchPostgres() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int entries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        KeyEntry key = GuardianKeys.generate("bench").audit();
        try (PostgresServer pg = PostgresServer.start()) {
            Path credentials = Files.writeString(dir.resolve("pg-bench.credentials"), pg.user() + "\n" + pg.password()
                    + "\n");
            try (FabricStore store = FabricStore.open(pg.createDatabase(), StoreCredentials.fromFile(credentials))) {
                long t0 = System.nanoTime();
                bulkInsert(store.connection(), entries, Instant.parse("2025-01-01T00:00:00Z"));
                System.out.printf("bulk insert        %,d entries in %.2f s (PostgreSQL)%n", entries, AuditBench.secs(t0));
                AuditLog.open(store, key).appendAfterImport(AuditBench.event(entries));
                double[] runs = new double[3];
                for (int run = 1; run <= 3; run++) {
                    runs[run - 1] = AuditBench.verify(store, key, "pg verify run " + run);
                }
                System.out.printf("RESULT pg_verify_first_entries_per_s %.0f%n", (entries + 1) / runs[0]);
                Arrays.sort(runs);
                System.out.printf("RESULT pg_verify_entries_per_s %.0f%n", (entries + 1) / runs[1]);
            } finally {
                Files.deleteIfExists(credentials);
            }
        }
    }

    /** AuditBench's entries, in one transaction, by COPY (text format, bytea as hex) in chunks of 10,000 rows. */
    private static void bulkInsert(Connection c, long n, Instant start) throws Exception {
        c.setAutoCommit(false);
        try {
            org.postgresql.copy.CopyManager copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            HexFormat hex = HexFormat.of();
            StringBuilder chunk = new StringBuilder();
            for (long seq = 0; seq < n; seq++) {
                byte[] bytes = AuditEntry.create(seq, start.plusMillis(seq * 250L), AuditBench.event((int) seq)).encode();
                chunk.append(seq).append("\t\\\\x").append(hex.formatHex(bytes)).append("\t\\\\x")
                        .append(hex.formatHex(org.gfctl.core.merkle.MerkleHash.leaf(bytes))).append('\n');
                if (seq % 10_000 == 9_999 || seq == n - 1) {
                    copy.copyIn("COPY audit_entries (seq, entry, leaf_hash) FROM STDIN", new java.io.StringReader(
                            chunk.toString()));
                    chunk.setLength(0);
                }
            }
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }
}
