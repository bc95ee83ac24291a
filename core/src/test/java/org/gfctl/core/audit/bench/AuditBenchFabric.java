package org.gfctl.core.audit.bench;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.gfctl.core.audit.AuditLog;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.FabricHome;
import org.gfctl.core.store.StoreCredentials;

/**
 * Fills a fabric's audit log for the CLI benchmark (not a test): {@code AuditBenchFabric HOME [ENTRIES]}.
 *
 * <p>HOME is a fabric made by {@code gfctl fabric init} (whose own entry 0 and checkpoint 0 it
 * keeps). Bulk-inserts entries up to ENTRIES - 2 (default 1,000,000 in all) the way
 * {@link AuditBench} does, then appends one more with {@link AuditLog}, which rebuilds the frontier,
 * checks it against the init checkpoint and signs a checkpoint over all ENTRIES with the fabric's own
 * audit key (from its key store), so that {@code gfctl --home HOME audit verify} finds the log intact.
 */
public final class AuditBenchFabric {
    private AuditBenchFabric() {}

    /**
     * {@code HOME [ENTRIES] [appended]}: with {@code appended}, every entry is appended as a command
     * appends it ({@link AuditLog#append}, a signed checkpoint each, chained), instead of
     * bulk-inserted under one checkpoint: the log of a fabric that ran ENTRIES commands.
     */
    public static void main(String[] args) throws Exception {
        FabricHome home = FabricHome.at(Path.of(args[0]));
        long entries = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        if (args.length > 2 && args[2].equals("appended")) {
            try (Fabric fabric = Fabric.open(home, null, StoreCredentials.none())) {
                AuditLog log = AuditLog.open(fabric.store(), fabric.keys().audit()).withSignedHead(fabric.auditHead(),
                        fabric.id());
                long t0 = System.nanoTime();
                long next;
                try (Statement s = fabric.store().connection().createStatement();
                        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), -1) + 1 FROM audit_entries")) {
                    rs.next();
                    next = rs.getLong(1);
                }
                for (long i = next; i < entries; i++) {
                    log.append(AuditBench.event((int) i));
                }
                System.out.printf("appended           %,d entries, a checkpoint each, in %.2f s%n", entries - next,
                        (System.nanoTime() - t0) / 1e9);
            }
            return;
        }
        try (Fabric fabric = Fabric.open(home, null, StoreCredentials.none())) {
            long next;
            try (Statement s = fabric.store().connection().createStatement();
                    ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), -1) + 1 FROM audit_entries")) {
                rs.next();
                next = rs.getLong(1);
            }
            long bulk = entries - 1 - next;
            if (bulk < 0) {
                throw new IllegalStateException(home + " already holds " + next + " audit entries, more than " + entries);
            }
            long t0 = System.nanoTime();
            AuditBench.bulkInsert(fabric.store().connection(), next, bulk, Instant.now().truncatedTo(ChronoUnit.SECONDS));
            try (Statement s = fabric.store().connection().createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            System.out.printf("bulk insert        %,d entries (%d..%d) into %s in %.2f s%n", bulk, next, next + bulk - 1,
                    home, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            AuditLog.open(fabric.store(), fabric.keys().audit()).appendAfterImport(AuditBench.event((int) (next + bulk)));
            System.out.printf("append             entry %d and a checkpoint over %,d entries signed with the fabric's"
                    + " audit key in %.2f s%n", next + bulk, entries, (System.nanoTime() - t0) / 1e9);
        }
    }
}
