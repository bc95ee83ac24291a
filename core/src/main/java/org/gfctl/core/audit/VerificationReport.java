package org.gfctl.core.audit;

import java.util.List;
import java.util.Optional;

/**
 * What {@link AuditVerifier#verify()} established: the log's size, the checkpoints checked, the
 * newest valid one, and every {@link Finding}; the log is intact when there are none.
 *
 * @param entries rows in the log
 * @param checkpoints checkpoint rows
 * @param validCheckpoints checkpoints whose signature verifies with the audit certificate
 * @param latest the validly signed checkpoint with the highest number, if any
 * @param consequences checkpoints that no longer match the log only because of a finding already listed
 * @param findings what is wrong, in the order found
 * @param signaturesChecked checkpoint signatures verified; the other valid checkpoints are vouched
 *     for by the chain from a checked one ({@link Checkpoint#prev()})
 */
public record VerificationReport(long entries, long checkpoints, long validCheckpoints, Optional<Checkpoint> latest,
        long consequences, List<Finding> findings, long signaturesChecked) {

    public VerificationReport {
        findings = List.copyOf(findings);
    }

    /** No finding: every entry hashes into the tree that every checkpoint signed. */
    public boolean intact() {
        return findings.isEmpty();
    }
}
