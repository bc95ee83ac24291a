package org.gfctl.core.compliance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A compliance report: for each selected framework, every capability's controls, evidence and finding.
 *
 * <p>A plain value, rendered by {@link ReportFormat}s; measured once, so every format says the same.
 *
 * @param audit the audit-log verification summary, or null while no audit evidence is available
 */
public record ComplianceReport(Instant generatedAt, String fabricId, String store, ComplianceSettings settings,
        AuditEvidence.Summary audit, KeyInventory keys, List<FrameworkResult> frameworks) {

    public ComplianceReport {
        frameworks = List.copyOf(frameworks);
    }

    public Optional<AuditEvidence.Summary> auditSummary() {
        return Optional.ofNullable(audit);
    }

    /** True if no capability of any framework is not satisfied. */
    public boolean compliant() {
        return frameworks.stream().allMatch(f -> f.count(Finding.NOT_SATISFIED) == 0);
    }
}
