package org.gfctl.core.audit;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gfctl.core.compliance.AuditEvidence;
import org.gfctl.core.guardian.Fabric;

/**
 * Audit-log evidence for compliance reports: the log is verified in full with the guardian's
 * audit certificate when the report is built, so a report never vouches for a tampered log.
 */
public final class AuditLogEvidence implements AuditEvidence {
    private final Fabric fabric;
    private final java.security.cert.X509Certificate auditCertificate;

    /** Verifies with the audit certificate from the guardian's key store. */
    public AuditLogEvidence(Fabric fabric) {
        this(fabric, null);
    }

    /** Verifies with {@code auditCertificate} (an auditor's copy), or the key store's if null. */
    public AuditLogEvidence(Fabric fabric, java.security.cert.X509Certificate auditCertificate) {
        this.fabric = fabric;
        this.auditCertificate = auditCertificate;
    }

    @Override
    public Optional<Summary> summary() {
        VerificationReport r = (auditCertificate != null ? AuditVerifier.of(fabric.store(), auditCertificate)
                : AuditVerifier.of(fabric.store(), fabric.auditCertificateInBackground()))
                .withSignedHead(SignedHead.read(fabric.auditHead(), fabric.id())).verify();
        String explanation = r.intact()
                ? r.entries() + " entries, " + r.checkpoints() + " signed checkpoints, all verified"
                : r.findings().stream().map(Finding::message).collect(Collectors.joining("; "));
        return Optional.of(new Summary(r.intact(), r.entries(), r.latest().map(Checkpoint::treeSize).orElse(0L),
                r.latest().map(c -> Instant.parse(c.time())).orElse(null),
                r.latest().map(c -> HexFormat.of().formatHex(c.root())).orElse(null), explanation));
    }
}
