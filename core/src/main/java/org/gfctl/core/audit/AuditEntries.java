package org.gfctl.core.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.store.FabricStore;

/**
 * Read access to the audit log for listing: entries matching an {@link AuditFilter}, in sequence
 * order, streamed so that a large log is never held in memory.
 *
 * <p>Listing reads the indexed columns and does not verify anything (that is
 * {@link AuditVerifier}'s job); a row whose columns are not a valid entry fails with exit 4.
 */
public final class AuditEntries {
    private final AuditTables tables;

    private AuditEntries(AuditTables tables) {
        this.tables = tables;
    }

    public static AuditEntries of(FabricStore store) {
        return new AuditEntries(new AuditTables(store));
    }

    /** Passes every entry matching {@code filter} to {@code sink}, lowest sequence number first. */
    public void list(AuditFilter filter, Consumer<AuditEntry> sink) {
        List<Object> args = new ArrayList<>();
        String where = filter.where(args);
        tables.reading(() -> {
            tables.entries(where, args, e -> sink.accept(entry(e)));
            return null;
        });
    }

    /** The entries matching {@code filter}, for small logs and tests. */
    public List<AuditEntry> list(AuditFilter filter) {
        List<AuditEntry> out = new ArrayList<>();
        list(filter, out::add);
        return out;
    }

    private static AuditEntry entry(StoredEntry e) {
        try {
            return AuditEntry.create(e.seq(), Instant.parse(e.time()), AuditEvent.restore(e.actor(), e.actorKey(),
                    Role.of(e.role()), e.action(), e.object(), e.result(), e.exitCode(), e.evidenceDigest()));
        } catch (IllegalArgumentException | DateTimeParseException | NullPointerException ex) {
            throw new IntegrityException("audit entry " + e.seq() + " is damaged (" + ex.getMessage()
                    + "): run 'gfctl audit verify'");
        }
    }
}
