package org.gfctl.core.compliance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gfctl.core.compliance.Observation.Method;
import org.gfctl.core.compliance.Observation.Subject;
import org.gfctl.core.store.AttestationRecord;
import org.gfctl.core.store.HealthCertificates;
import org.gfctl.core.store.HostRecord;
import org.gfctl.core.store.VolumeRecord;

/**
 * The rules for data at rest, security-function verification and key management.
 *
 * <p>Thresholds come from {@link ComplianceSettings}; docs/compliance.md states each rule.
 */
final class IntegrityChecks {
    private final FabricFacts facts;
    private final ComplianceSettings settings;
    private final Instant now;

    IntegrityChecks(FabricFacts facts, ComplianceSettings settings, Instant now) {
        this.facts = facts;
        this.settings = settings;
        this.now = now;
    }

    /** Every volume shielded with AES-XTS (256- or 512-bit key) and verified within the window. */
    Assessment dataAtRest() {
        List<VolumeRecord> vs = facts.volumes();
        List<String> weak = vs.stream().filter(v -> !v.cipher().startsWith("aes-xts") || (v.keyBits() != 256 && v.keyBits() != 512))
                .map(v -> v.name() + " (" + v.cipher() + ", " + v.keyBits() + "-bit)").toList();
        Instant since = now.minus(settings.verificationWindow());
        List<String> stale = vs.stream().filter(v -> lastChecked(v).isBefore(since))
                .map(v -> v.name() + ", last " + Plain.span(Duration.between(lastChecked(v), now)) + " ago").toList();
        String window = Plain.span(settings.verificationWindow());
        String ciphers = String.join(", ", vs.stream().map(v -> v.cipher() + " (" + v.keyBits() + "-bit key)").distinct().toList());
        String shielded = (vs.size() - weak.size()) + " of " + Plain.count(vs.size(), "inventoried volume")
                + " shielded with an approved cipher" + (vs.isEmpty() ? "" : ": " + ciphers);
        String verified = stale.size() + " of " + Plain.count(vs.size(), "inventoried volume") + " not verified in " + window;
        Finding finding = vs.isEmpty() ? Finding.NOT_APPLICABLE
                : weak.isEmpty() && stale.isEmpty() ? Finding.SATISFIED : Finding.NOT_SATISFIED;
        String reason = vs.isEmpty() ? "no volume inventoried" : shielded + (weak.isEmpty() ? "" : " (not: " + Plain.names(weak) + ")")
                + "; " + verified + (stale.isEmpty() ? "" : " (" + Plain.names(stale) + ")");
        Observation o = new Observation("volumes-at-rest", "Shielded volumes", Method.TEST,
                shielded + "; " + verified + " (shielding writes the signed integrity manifest, so it counts as a check).",
                AccessChecks.volumeSubjects(vs),
                Plain.sha256(vs.stream().map(v -> v.uuid() + " " + v.cipher() + " " + v.keyBits() + " " + v.merkleRoot() + " "
                        + v.createdAt() + " " + v.verifiedAt()).toList()), "volumes rows (uuid, cipher, key bits, Merkle root, times)");
        return new Assessment("data-at-rest", finding, reason, List.of(o));
    }

    /** Every active host holds a valid health certificate now; failures counted; the audit log verified. */
    Assessment integrityMonitoring(Optional<AuditEvidence.Summary> audit) {
        List<HostRecord> active = facts.hosts().stream().filter(HostRecord::active).toList();
        List<String> problems = new ArrayList<>();
        for (HostRecord h : active) {
            problem(h).ifPresent(problems::add);
        }
        Instant since = now.minus(settings.period());
        List<AttestationRecord> recent = facts.attestations().stream().filter(a -> !a.createdAt().isBefore(since)).toList();
        long failed = recent.stream().filter(a -> !a.passed()).count();
        String failures = Plain.count(failed, "failed attestation") + " in the last " + Plain.span(settings.period());
        String hosts = problems.isEmpty() ? "every enrolled host (" + active.size() + ") attested within its certificate lifetime"
                : String.join("; ", problems);
        String auditWords = audit.map(s -> s.intact() ? "audit log verified intact, " + Plain.count(s.entries(), "entry") + (s.lastCheckpointAt() == null ? "" : ", last checkpoint at " + s.lastCheckpointAt())
                : "audit log NOT intact: " + s.explanation()).orElse("audit log verification not available yet");
        boolean auditBroken = audit.map(s -> !s.intact()).orElse(false);
        Finding finding = auditBroken || !problems.isEmpty() ? Finding.NOT_SATISFIED
                : active.isEmpty() ? Finding.NOT_APPLICABLE : Finding.SATISFIED;
        String reason = (active.isEmpty() ? "no enrolled host" : hosts) + "; " + failures + "; " + auditWords;
        List<Observation> os = new ArrayList<>();
        os.add(new Observation("host-attestation", "Host attestation and health certificates", Method.TEST,
                hosts + "; " + failures + ".", AccessChecks.hostSubjects(active.stream().map(HostRecord::name).toList()),
                Plain.sha256(facts.attestations().stream().map(a -> a.id() + " " + a.hostName() + " " + a.verdict() + " "
                        + a.createdAt()).toList()), "attestations rows (id, host, verdict, time)"));
        os.add(new Observation("audit-log", "Audit log verification", Method.TEST, auditWords + ".", List.of(),
                audit.map(AuditEvidence.Summary::lastCheckpointRoot).orElse(null),
                audit.map(s -> "root of the last signed audit checkpoint").orElse(null)));
        return new Assessment("integrity-monitoring", finding, reason, os);
    }

    /** No volume key past its cryptoperiod; guardian certificates valid. */
    Assessment keyManagement(KeyInventory keys) {
        List<String> exceeded = keys.volumes().stream().filter(KeyInventory.VolumeKey::exceeded)
                .map(k -> k.name() + " by " + Plain.span(Duration.between(k.cryptoperiodEnd(), now))).toList();
        List<String> expired = keys.guardian().stream().filter(g -> now.isAfter(g.notAfter()))
                .map(g -> g.role() + " expired " + Plain.span(Duration.between(g.notAfter(), now)) + " ago").toList();
        String period = Plain.span(keys.cryptoperiod());
        String volumes = exceeded.size() + " of " + Plain.count(keys.volumes().size(), "volume key") + " past the " + period
                + " cryptoperiod" + (exceeded.isEmpty() ? "" : " (" + Plain.names(exceeded) + ")");
        String guardian = keys.guardian().isEmpty() ? "guardian certificates not available"
                : expired.isEmpty() ? "guardian keys valid until " + keys.guardian().stream().map(GuardianCertificate::notAfter)
                        .min(Instant::compareTo).orElseThrow() : "guardian keys: " + String.join(", ", expired);
        long rotations = keys.guardianRotations();
        String unsigned = keys.guardianEventsUnsigned() == 0 ? ""
                : Plain.count(keys.guardianEventsUnsigned(), "later event") + " not yet under a signed checkpoint, left out";
        String history = !keys.guardianHistoryVerified()
                ? "the guardian key's age cannot be shown: its history comes from the audit log, which did not verify"
                : keys.guardianInUseSince() == null
                ? "the audit log records no guardian key creation or rotation" + (unsigned.isEmpty() ? "" : " (" + unsigned + ")")
                : "guardian key in use since " + keys.guardianInUseSince() + " (" + Plain.count(rotations, "rotation")
                        + " recorded" + (unsigned.isEmpty() ? "" : "; " + unsigned) + "), " + (keys.guardianExceeded() ? "past the " + period + " cryptoperiod by "
                        + Plain.span(Duration.between(keys.guardianRotateBy(), now)) : "rotate by " + keys.guardianRotateBy());
        boolean guardianUnknown = !keys.guardian().isEmpty() && !keys.guardianHistoryVerified();
        Finding finding = keys.volumes().isEmpty() && keys.guardian().isEmpty() ? Finding.NOT_APPLICABLE
                : exceeded.isEmpty() && expired.isEmpty() && !keys.guardianExceeded() && !guardianUnknown ? Finding.SATISFIED
                        : Finding.NOT_SATISFIED;
        String reason = volumes + "; " + guardian + "; " + history;
        List<Subject> subjects = new ArrayList<>(AccessChecks.volumeSubjects(facts.volumes()));
        Observation o = new Observation("key-lifecycle", "Volume and guardian key lifecycle", Method.EXAMINE,
                volumes + "; " + guardian + ".", subjects,
                Plain.sha256(keys.volumes().stream().map(k -> k.uuid() + " " + k.created() + " " + k.rotated()).toList()),
                "volumes rows (uuid, created, rotated)");
        return new Assessment("key-management", finding, reason, List.of(o));
    }

    private Optional<String> problem(HostRecord h) {
        Optional<AttestationRecord> last = facts.latestAttestation(h.name());
        if (last.isEmpty()) {
            return Optional.of("host " + h.name() + " never attested");
        }
        if (!last.get().passed()) {
            return Optional.of("host " + h.name() + "'s latest attestation failed "
                    + Plain.span(Duration.between(last.get().createdAt(), now)) + " ago");
        }
        Optional<HealthCertificates.Issued> cert = facts.newestCertificate(h.name());
        if (cert.isEmpty()) {
            return Optional.of("host " + h.name() + " holds no health certificate");
        }
        HealthCertificates.Issued c = cert.get();
        if (c.revokedAt() != null) {
            return Optional.of("host " + h.name() + "'s health certificate was revoked "
                    + Plain.span(Duration.between(c.revokedAt(), now)) + " ago");
        }
        if (!now.isBefore(c.notAfter())) {
            return Optional.of("host " + h.name() + "'s health certificate expired "
                    + Plain.span(Duration.between(c.notAfter(), now)) + " ago");
        }
        return Optional.empty();
    }

    private static Instant lastChecked(VolumeRecord v) {
        return v.verifiedAt() != null && v.verifiedAt().isAfter(v.createdAt()) ? v.verifiedAt() : v.createdAt();
    }
}
