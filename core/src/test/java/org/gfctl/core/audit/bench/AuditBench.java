package org.gfctl.core.audit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.gfctl.core.audit.AuditEntry;
import org.gfctl.core.audit.AuditEvent;
import org.gfctl.core.audit.AuditLog;
import org.gfctl.core.audit.AuditVerifier;
import org.gfctl.core.audit.Checkpoint;
import org.gfctl.core.audit.Role;
import org.gfctl.core.audit.VerificationReport;
import org.gfctl.core.guardian.GuardianKeys;
import org.gfctl.core.guardian.KeyEntry;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.StoreCredentials;

/**
 * Audit log benchmark (not a test): {@code AuditBench DIR [ENTRIES] [APPENDS]}.
 *
 * <p>Bulk-inserts ENTRIES (default 1,000,000) entries into a fresh SQLite store, lets the first
 * append rebuild the frontier and sign, times {@link AuditVerifier#verify()} three times, then the
 * latency of APPENDS (default 1,000) appends, each with its signed checkpoint (and, for the
 * breakdown, of checkpoint signing alone), and a final verify with those checkpoints, whose extra
 * time over the 1-checkpoint verify is the cost of checking APPENDS signatures. Lines starting with
 * {@code RESULT} are for {@code bench/audit-verify.sh}, which takes medians over several runs.
 */
public final class AuditBench {
    private static final String[] ACTIONS = {"attest", "key.release", "shield-vm", "verify", "host.enroll"};
    private static final Role[] ROLES = {Role.HOST, Role.GUARDIAN, Role.OWNER, Role.AUDITOR, Role.ADMIN};

    private AuditBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int entries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int appends = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        Files.createDirectories(dir);
        for (String f : new String[] {"bench.db", "bench.db-wal", "bench.db-shm"}) {
            Files.deleteIfExists(dir.resolve(f));
        }
        KeyEntry key = GuardianKeys.generate("bench").audit();
        try (FabricStore store = FabricStore.open("jdbc:sqlite:" + dir.resolve("bench.db"), StoreCredentials.none())) {
            long t0 = System.nanoTime();
            bulkInsert(store.connection(), 0, entries, Instant.parse("2025-01-01T00:00:00Z"));
            try (Statement s = store.connection().createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            System.out.printf("bulk insert        %,d entries in %.2f s (WAL checkpointed)%n", entries, secs(t0));
            AuditLog log = AuditLog.open(store, key);
            t0 = System.nanoTime();
            log.appendAfterImport(event(entries));
            System.out.printf("first append       %.2f s (rebuilds the frontier from %,d stored leaf hashes, signs)%n",
                    secs(t0), entries);
            double[] runs = new double[3];
            for (int run = 1; run <= 3; run++) {
                runs[run - 1] = verify(store, key, "verify run " + run);
            }
            // Run 1 is what a fresh JVM (the CLI) gets: interpreted code, JIT compiles, cold caches.
            System.out.printf("RESULT verify_first_entries_per_s %.0f%n", (entries + 1) / runs[0]);
            Arrays.sort(runs);
            System.out.printf("RESULT verify_entries_per_s %.0f%n", (entries + 1) / runs[1]);
            long[] ns = new long[appends];
            for (int i = 0; i < appends; i++) {
                long t = System.nanoTime();
                log.append(event(entries + 1 + i));
                ns[i] = System.nanoTime() - t;
            }
            Arrays.sort(ns);
            System.out.printf("append latency     median %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms over %,d appends"
                    + " (entry + signed checkpoint, one transaction)%n", ns[appends / 2] / 1e6, ns[appends * 95 / 100] / 1e6,
                    ns[appends * 99 / 100] / 1e6, ns[appends - 1] / 1e6, appends);
            System.out.printf("RESULT append_median_ms %.2f%nRESULT append_p95_ms %.2f%n", ns[appends / 2] / 1e6,
                    ns[appends * 95 / 100] / 1e6);
            Checkpoint[] signed = new Checkpoint[Math.min(appends, 200)];
            long[] sign = new long[signed.length];
            for (int i = 0; i < sign.length; i++) {
                long t = System.nanoTime();
                signed[i] = Checkpoint.sign(i, i + 1, new byte[32], Instant.now(), key);
                sign[i] = System.nanoTime() - t;
            }
            Arrays.sort(sign);
            System.out.printf("checkpoint signing median %.2f ms alone (P-384, the rest of an append is the store and"
                    + " its commit)%nRESULT sign_median_ms %.2f%n", sign[sign.length / 2] / 1e6, sign[sign.length / 2] / 1e6);
            double perSecond = 0;
            for (int pass = 0; pass < 3; pass++) {
                long t1 = System.nanoTime();
                for (Checkpoint k : signed) {
                    if (!k.signedBy(key.certificate())) {
                        throw new AssertionError("checkpoint " + k + " does not verify");
                    }
                }
                perSecond = Math.max(perSecond, signed.length / secs(t1));
            }
            System.out.printf("checkpoint checks  %,.0f signatures/s (P-384 ECDSA, one at a time, best of 3 passes)%n"
                    + "RESULT checkpoints_per_s %.0f%n", perSecond, perSecond);
            verify(store, key, "verify with " + (appends + 1) + " checkpoints");
        }
    }

    /** Verifies the whole log and returns the seconds it took. */
    static double verify(FabricStore store, KeyEntry key, String label) {
        long t0 = System.nanoTime();
        VerificationReport r = AuditVerifier.of(store, key.certificate()).verify();
        double s = secs(t0);
        if (!r.intact()) {
            throw new AssertionError("benchmark log does not verify: " + r.findings());
        }
        System.out.printf("%-18s %,d entries, %,d checkpoints in %.2f s = %,.0f entries/s%n", label, r.entries(),
                r.checkpoints(), s, r.entries() / s);
        return s;
    }

    /**
     * Inserts entries {@code first .. first + n - 1} (the benchmark's synthetic events, 250 ms apart
     * from {@code start}) with their leaf hashes and no checkpoint, in one transaction; the next
     * {@link AuditLog#append} rebuilds the frontier from them and signs.
     */
    static void bulkInsert(Connection c, long first, long n, Instant start) throws Exception {
        try (Statement s = c.createStatement(); PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entries (seq,"
                + " entry, leaf_hash) VALUES (?, ?, ?)")) {
            s.execute("BEGIN IMMEDIATE");
            for (long k = 0; k < n; k++) {
                long seq = first + k;
                int i = (int) seq;
                AuditEntry e = AuditEntry.create(seq, start.plusMillis(k * 250L), event(i));
                byte[] bytes = e.encode();
                ps.setLong(1, seq);
                ps.setBytes(2, bytes);
                ps.setBytes(3, org.gfctl.core.merkle.MerkleHash.leaf(bytes));
                ps.addBatch();
                if (k % 10_000 == 9_999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            s.execute("COMMIT");
        }
    }

    static AuditEvent event(int i) {
        String digest = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(32).putLong(i * 0x9E3779B97F4A7C15L)
                .putLong(i).array());
        return AuditEvent.of(ROLES[i % ROLES.length], ACTIONS[i % ACTIONS.length],
                String.format("5c1f0c1e-0000-4000-8000-%012d", i % 5000), i % 17 == 0 ? "denied" : "ok",
                i % 17 == 0 ? 3 : 0, digest).withActor("guardian-admin").withActorKey("ab".repeat(32));
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
