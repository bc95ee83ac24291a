package org.gfctl.core.compliance;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.gfctl.core.store.AttestationRecord;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.HealthCertificates;
import org.gfctl.core.store.HostRecord;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.core.store.VolumeRecord;

/**
 * A small fabric in a real SQLite store with fixed times and fingerprints, so reports are stable.
 *
 * <p>Two volumes (one overdue for verification and rotation), three hosts (h1 healthy, h7 whose
 * certificate expired 3 h ago, h3 removed), one failed attestation, two key releases (one refused).
 */
final class SmallFabric {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String GUARDIAN = "a".repeat(64);
    static final String OWNER = "1".repeat(64);
    static final String VM_WEB = "6f1c9a2e-3b4d-4e5f-8a6b-7c8d9e0f1a2b";
    static final String VM_DB = "0d2e4f60-8a1b-4c3d-9e5f-6a7b8c9d0e1f";
    static final List<GuardianCertificate> GUARDIAN_CERTS = List.of(
            cert("guardian", "CN=gfctl guardian,OU=fabric f-1,O=gfctl", GUARDIAN, "d1"),
            cert("attestation-ca", "CN=gfctl attestation CA,OU=fabric f-1,O=gfctl", "b".repeat(64), "d2"),
            cert("audit", "CN=gfctl audit,OU=fabric f-1,O=gfctl", "c".repeat(64), "d3"));

    private SmallFabric() {}

    /** Creates the store under {@code dir} and returns its facts. */
    static FabricFacts create(Path dir) throws SQLException {
        try (FabricStore s = FabricStore.open(FabricStore.defaultUrl(dir), StoreCredentials.none())) {
            s.meta().put("fabric_id", "3f2a1b0c-5d4e-4f60-8a7b-9c0d1e2f3a4b");
            s.meta().put("guardian_fingerprint", GUARDIAN);
            List<String> recipients = List.of("CN=tenant-a " + OWNER, "CN=gfctl guardian,OU=fabric f-1,O=gfctl " + GUARDIAN);
            s.volumes().record(new VolumeRecord(VM_WEB, "vm-web", "/images/vm-web.luks", "aes-xts-plain64", 512, 1 << 30,
                    "e".repeat(64), "CN=tenant-a " + OWNER, recipients, "default", t("2026-10-01T09:00:00Z"), null,
                    t("2026-11-20T10:00:00Z")));
            s.volumes().record(new VolumeRecord(VM_DB, "vm-db", "/images/vm-db.luks", "aes-xts-plain64", 512, 1 << 30,
                    "f".repeat(64), "CN=tenant-a " + OWNER, recipients, "default", t("2025-09-01T09:00:00Z"), null, null));
            host(s, "h1", "2026-01-10T00:00:00Z", null);
            host(s, "h3", "2026-01-10T00:00:00Z", "2026-11-20T00:00:00Z");
            host(s, "h7", "2026-01-10T00:00:00Z", null);
            attest(s, "h1", "pass", "2026-11-27T08:00:00Z", "01");
            attest(s, "h1", "fail", "2026-11-26T07:00:00Z", null);
            attest(s, "h7", "pass", "2026-11-27T01:00:00Z", "07");
            attest(s, "h3", "pass", "2026-11-19T20:00:00Z", "03");
            s.healthCertificates().revokeAll("h3", t("2026-11-20T00:00:00Z"));
            release(s, VM_WEB, "h1", "01", "released", "rule web-tier", "2026-11-27T08:05:00Z");
            guardianEvent(s, 0, "fabric.init", "2025-06-01T00:00:00Z", "d".repeat(64));
            guardianEvent(s, 1, "fabric.rotate-guardian", "2026-01-01T00:00:00Z", GUARDIAN);
            release(s, VM_DB, "h7", null, "refused", "release policy default refuses volume vm-db", "2026-11-27T10:00:00Z");
            FabricFacts f = FabricFacts.read(s, GUARDIAN_CERTS);
            return new FabricFacts(f.fabricId(), "jdbc:sqlite:fabric.db", f.guardianFingerprint(), f.guardian(), f.volumes(),
                    f.hosts(), f.attestations(), f.certificates(), f.releases(), f.policies(), f.guardianHistory(),
                    f.storeColumns());
        }
    }

    /**
     * The audit evidence a report gets from this fabric's log verified intact: its two guardian key
     * events, both under the signed checkpoint.
     */
    static final AuditEvidence INTACT = () -> java.util.Optional.of(new AuditEvidence.Summary(true, 2, 2,
            t("2026-11-27T11:58:00Z"), "ab".repeat(32), "2 entries, 2 signed checkpoints, all verified"));

    static ComplianceReportBuilder builder(AuditEvidence audit) {
        return new ComplianceReportBuilder(org.gfctl.policy.compliance.CatalogueLoader.builtIn(), ComplianceSettings.defaults(),
                audit, CLOCK);
    }

    private static void host(FabricStore s, String name, String enrolled, String removed) {
        s.hosts().enroll(new HostRecord(name, "web", name.repeat(32).substring(0, 64), null, new byte[] {1}, "000b" + name, null,
                t(enrolled), removed == null ? null : t(removed)));
    }

    private static void attest(FabricStore s, String host, String verdict, String at, String serial) {
        long id = s.attestations().add(new AttestationRecord(0, host, host + at, verdict, "baseline", "9".repeat(64), null,
                verdict.equals("pass") ? "all rules passed" : "PCR 7 differs", t(at)));
        if (serial != null) {
            s.healthCertificates().add(new HealthCertificates.Issued(serial, host, id, t(at), t(at).plusSeconds(8 * 3600),
                    new byte[] {0x30}, null));
        }
    }

    private static void release(FabricStore s, String volume, String host, String serial, String result, String reason, String at)
            throws SQLException {
        try (PreparedStatement ps = s.connection().prepareStatement("INSERT INTO key_releases (volume_uuid, host_name,"
                + " health_serial, result, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, volume);
            ps.setString(2, host);
            ps.setString(3, serial);
            ps.setString(4, result);
            ps.setString(5, reason);
            ps.setString(6, at);
            ps.executeUpdate();
        }
    }

    /** A guardian key event as the audit log holds it (the report reads the history from there). */
    private static void guardianEvent(FabricStore s, long seq, String action, String at, String key) throws SQLException {
        byte[] entry = org.gfctl.core.audit.AuditEntry.create(seq, t(at), org.gfctl.core.audit.AuditEvent.of(
                org.gfctl.core.audit.Role.GUARDIAN, action, "fabric f-1", "success", 0, null).withActorKey(key)).encode();
        try (PreparedStatement ps = s.connection().prepareStatement(
                "INSERT INTO audit_entries (seq, entry, leaf_hash) VALUES (?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setBytes(2, entry);
            ps.setBytes(3, org.gfctl.core.merkle.MerkleHash.leaf(entry));
            ps.executeUpdate();
        }
    }

    private static GuardianCertificate cert(String role, String subject, String fingerprint, String key) {
        return new GuardianCertificate(role, subject, fingerprint, key.repeat(32), t("2026-01-01T00:00:00Z"),
                t("2036-01-01T00:00:00Z"));
    }

    static Instant t(String s) {
        return Instant.parse(s);
    }
}
