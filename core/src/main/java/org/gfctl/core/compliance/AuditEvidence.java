package org.gfctl.core.compliance;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a compliance report gets its audit-log evidence: whether the log verified intact.
 *
 * <p>A small seam so that the tamper-evident audit log ({@code core.audit}), built separately,
 * plugs in without the report knowing how the log is verified. Until it does,
 * {@link #notAvailable()} says so in every report rather than claiming anything.
 */
@FunctionalInterface
public interface AuditEvidence {

    /**
     * What verifying the audit log showed.
     *
     * @param intact             every entry and checkpoint verified
     * @param entries            entries in the log
     * @param signedEntries      entries covered by the newest validly signed checkpoint (its tree
     *                           size: sequence numbers below it), 0 if none
     * @param lastCheckpointAt   time of the newest signed checkpoint, or null if none
     * @param lastCheckpointRoot hex Merkle root of that checkpoint (an evidence digest), or null
     * @param explanation        plain words, e.g. "entries 17..19 missing"
     */
    record Summary(boolean intact, long entries, long signedEntries, Instant lastCheckpointAt, String lastCheckpointRoot, String explanation) {}

    /** The audit log's verification summary, or empty if no audit log can be verified yet. */
    Optional<Summary> summary();

    /** The placeholder used until the audit log exists: no evidence, said plainly. */
    static AuditEvidence notAvailable() {
        return Optional::empty;
    }
}
