package org.gfctl.core.audit;

import java.security.MessageDigest;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.gfctl.core.GfctlException;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.guardian.KeyEntry;
import org.gfctl.core.merkle.MerkleHash;
import org.gfctl.core.store.FabricStore;

/**
 * The guardian's append side of the audit log: each {@link #append} stores one entry and a new
 * checkpoint signed by the audit key, in one transaction.
 *
 * <p>Appenders serialize on a store lock (see {@link AuditTables}), so concurrent commands, even in
 * separate processes, get consecutive sequence numbers and never fork the tree. The root comes
 * from the frontier stored with the previous checkpoint ({@link CompactRange}), so an append costs
 * O(log n) hashing plus one ECDSA signature whatever the log's size. The guardian never signs a
 * checkpoint that contradicts its last one: if the log is shorter than its latest checkpoint, or
 * the stored leaves no longer lead to that checkpoint's root, append refuses (exit 4) instead of
 * signing a fork (RFC 9162 §2.1.4: a log must stay consistent with every tree head it issued).
 */
public final class AuditLog {
    private final AuditTables tables;
    private final KeyEntry key;
    private final Clock clock;
    /** Where the newest signed checkpoint is kept outside the store ({@link SignedHead}), or null. */
    private Path head;
    /** The fabric whose head that is. */
    private String fabricId;
    /** Why the last append could not advance the head (the entry itself was recorded), or null. */
    private String headWarning;
    /** Checks the latest checkpoint's signature before each append; one per log (the key is parsed once). */
    private Checkpoint.SignatureCheck signatures;

    private AuditLog(AuditTables tables, KeyEntry key, Clock clock) {
        this.tables = tables;
        this.key = key;
        this.clock = clock;
    }

    /** The audit log of {@code store}, signing checkpoints with {@code auditKey} (GuardianKeys.audit()). */
    public static AuditLog open(FabricStore store, KeyEntry auditKey) {
        return open(store, auditKey, Clock.systemUTC());
    }

    /** As {@link #open(FabricStore, KeyEntry)}, with the clock that stamps entries. */
    public static AuditLog open(FabricStore store, KeyEntry auditKey, Clock clock) {
        return new AuditLog(new AuditTables(Objects.requireNonNull(store, "store")), Objects.requireNonNull(auditKey,
                "auditKey"), Objects.requireNonNull(clock, "clock"));
    }

    /**
     * This log with its newest signed checkpoint kept at {@code file} (the fabric home's
     * {@code audit-head}) as well: append then refuses a store that is behind it, and advances it.
     */
    public AuditLog withSignedHead(Path file, String fabricId) {
        this.head = file;
        this.fabricId = Objects.requireNonNull(fabricId, "fabricId");
        return this;
    }

    /**
     * Why the last append recorded its entry but could not advance the head outside the store, or
     * null. Until the next append advances it, the newest entry is protected by the store only.
     */
    public String headWarning() {
        return headWarning;
    }

    /**
     * Appends {@code event} as the next entry and signs a checkpoint over the grown log.
     *
     * <p>Every entry gfctl writes is signed in the same transaction, so the stored log must end
     * exactly at its latest checkpoint, which must carry this audit key's valid signature and a
     * frontier leading to its root. Rows beyond it, or a log with rows and no checkpoint, were
     * written outside gfctl: signing over them would turn an injected or rewritten entry into a
     * clean log, so append refuses instead.
     *
     * @return the entry as recorded, with its sequence number and time
     * @throws IntegrityException if the log's tail contradicts its latest checkpoint (nothing is written)
     */
    public AuditEntry append(AuditEvent event) {
        return append(event, false);
    }

    /**
     * {@link #append} after a bulk import: signs over every stored entry beyond the latest
     * checkpoint (each must still be in sequence and, below the checkpoint, lead to its root). Only
     * for entries put in the store on purpose outside the log (benchmarks, a migration); no command
     * calls it.
     */
    public AuditEntry appendAfterImport(AuditEvent event) {
        return append(event, true);
    }

    private AuditEntry append(AuditEvent event, boolean imported) {
        Objects.requireNonNull(event, "event");
        Checkpoint[] signed = new Checkpoint[1];
        AuditEntry appended = tables.locked(() -> {
            long size = tables.maxSeq() + 1;
            Optional<AuditTables.Head> head = tables.latest();
            Optional<SignedHead> recorded = SignedHead.read(this.head, fabricId);
            if (recorded.isPresent()) {
                String behind = recorded.get().behind(head.map(AuditTables.Head::checkpoint).orElse(null));
                if (behind != null) {
                    throw refuse(behind);
                }
            }
            CompactRange range = frontier(size, head, imported);
            AuditEntry entry = AuditEntry.create(size, clock.instant(), event);
            byte[] bytes = entry.encode();
            byte[] leaf = MerkleHash.leaf(bytes);
            range.append(leaf);
            long number = head.map(h -> h.checkpoint().number() + 1).orElse(0L);
            // chained to the latest checkpoint, whose signature is checked below before anything is committed
            Checkpoint k = Checkpoint.sign(number, range.size(), range.root(), entry.time(), key,
                    head.map(h -> h.checkpoint().chainDigest()).orElse(null));
            if (head.isPresent() && !signedByThisLog(head.get().checkpoint())) {
                throw refuse("its latest checkpoint, " + head.get().checkpoint().number()
                        + ", does not carry this fabric's audit signature");
            }
            tables.insert(entry, bytes, leaf);
            tables.insert(k, range.encoded());
            signed[0] = k;
            return entry;
        });
        headWarning = null;
        try {
            SignedHead.advance(head, fabricId, signed[0]); // after the commit: never ahead of what the store holds
        } catch (GfctlException e) {
            headWarning = e.getMessage();
        }
        return appended;
    }

    private synchronized boolean signedByThisLog(Checkpoint k) {
        if (signatures == null) {
            signatures = new Checkpoint.SignatureCheck(key.certificate());
        }
        return signatures.test(k);
    }

    /** The frontier of the log's {@code size} entries, checked against the latest checkpoint. */
    private CompactRange frontier(long size, Optional<AuditTables.Head> head, boolean imported) throws SQLException {
        if (head.isEmpty()) {
            if (size > 0 && !imported) {
                throw refuse("it has " + size + " entries but no signed checkpoint");
            }
            return rebuild(size, null);
        }
        Checkpoint k = head.get().checkpoint();
        if (k.treeSize() > size) {
            throw refuse("it has " + size + " entries but checkpoint " + k.number() + " signed " + k.treeSize());
        }
        if (k.treeSize() < size) {
            if (!imported) {
                throw refuse("entries " + k.treeSize() + ".." + (size - 1) + " follow its latest checkpoint, "
                        + k.number() + ", but no checkpoint signs them: they were written outside gfctl");
            }
            return rebuild(size, k);
        }
        CompactRange r;
        try {
            r = CompactRange.decode(size, head.get().frontier());
        } catch (IllegalArgumentException e) {
            throw refuse("the frontier stored with checkpoint " + k.number() + " is malformed");
        }
        if (!MessageDigest.isEqual(r.root(), k.root())) {
            throw refuse("the frontier stored with checkpoint " + k.number() + " does not lead to its root");
        }
        return r;
    }

    /** Reads every stored leaf hash (entries imported without a checkpoint, see {@link #appendAfterImport}). */
    private CompactRange rebuild(long size, Checkpoint k) throws SQLException {
        CompactRange r = new CompactRange();
        byte[][] atCheckpoint = new byte[1][];
        if (k != null && k.treeSize() == 0) {
            atCheckpoint[0] = r.root();
        }
        tables.leafHashes(size, rs -> {
            if (rs.getLong(1) != r.size()) {
                throw refuse("entry " + r.size() + " is missing");
            }
            r.append(rs.getBytes(2));
            if (k != null && r.size() == k.treeSize()) {
                atCheckpoint[0] = r.root();
            }
        });
        if (r.size() != size) {
            throw refuse("entries " + r.size() + ".." + (size - 1) + " are missing");
        }
        if (k != null && !MessageDigest.isEqual(atCheckpoint[0], k.root())) {
            throw refuse("its first " + k.treeSize() + " entries no longer lead to the root signed by checkpoint "
                    + k.number());
        }
        return r;
    }

    private static IntegrityException refuse(String why) {
        return new IntegrityException("the audit log is damaged (" + why + "): refusing to sign a checkpoint that"
                + " contradicts it; run 'gfctl audit verify'");
    }
}
