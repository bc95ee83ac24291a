package org.gfctl.core.compliance;

import java.util.List;
import java.util.Optional;
import org.gfctl.core.store.AttestationRecord;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.HealthCertificates;
import org.gfctl.core.store.HostRecord;
import org.gfctl.core.store.KeyReleases;
import org.gfctl.core.store.VolumeRecord;

/**
 * A snapshot of the store tables a compliance report measures, with the guardian's public certificates.
 *
 * <p>Read once, so every capability is judged on the same rows and the digests in the report
 * describe exactly what was measured.
 *
 * @param guardianFingerprint the guardian encryption certificate's SHA-256 fingerprint
 */
public record FabricFacts(String fabricId, String store, String guardianFingerprint, List<GuardianCertificate> guardian,
        List<VolumeRecord> volumes, List<HostRecord> hosts, List<AttestationRecord> attestations,
        List<HealthCertificates.Issued> certificates, List<KeyReleases.Decision> releases, List<String> policies,
        List<GuardianKeyEvent> guardianHistory, List<String> storeColumns) {

    /** Facts with a guardian key history but no store schema examined. */
    public FabricFacts(String fabricId, String store, String guardianFingerprint, List<GuardianCertificate> guardian,
            List<VolumeRecord> volumes, List<HostRecord> hosts, List<AttestationRecord> attestations,
            List<HealthCertificates.Issued> certificates, List<KeyReleases.Decision> releases, List<String> policies,
            List<GuardianKeyEvent> guardianHistory) {
        this(fabricId, store, guardianFingerprint, guardian, volumes, hosts, attestations, certificates, releases, policies,
                guardianHistory, List.of());
    }

    /** Facts without a guardian key history (none recorded). */
    public FabricFacts(String fabricId, String store, String guardianFingerprint, List<GuardianCertificate> guardian,
            List<VolumeRecord> volumes, List<HostRecord> hosts, List<AttestationRecord> attestations,
            List<HealthCertificates.Issued> certificates, List<KeyReleases.Decision> releases, List<String> policies) {
        this(fabricId, store, guardianFingerprint, guardian, volumes, hosts, attestations, certificates, releases, policies,
                List.of());
    }

    public FabricFacts {
        guardianHistory = List.copyOf(guardianHistory);
        storeColumns = List.copyOf(storeColumns);
        guardian = List.copyOf(guardian);
        volumes = List.copyOf(volumes);
        hosts = List.copyOf(hosts);
        attestations = List.copyOf(attestations);
        certificates = List.copyOf(certificates);
        releases = List.copyOf(releases);
        policies = List.copyOf(policies);
    }

    /**
     * Reads the facts from {@code store}; the guardian fingerprint comes from the encryption
     * certificate in {@code guardian}, else from the fabric settings.
     */
    public static FabricFacts read(FabricStore store, List<GuardianCertificate> guardian) {
        String fingerprint = guardian.stream().filter(g -> "guardian".equals(g.role())).map(GuardianCertificate::fingerprint)
                .findFirst().or(() -> store.meta().get("guardian_fingerprint")).orElse(null);
        return new FabricFacts(store.meta().get("fabric_id").orElse("unknown"), store.url(), fingerprint, guardian,
                store.volumes().list(), store.hosts().list(), store.attestations().list(),
                store.healthCertificates().list(), store.keyReleases().list(), store.policies().names(),
                GuardianKeyEvent.read(store), columns(store));
    }

    /** Every column of the store's own tables as "table.column TYPE", sorted: what the schema can hold. */
    static List<String> columns(FabricStore store) {
        List<String> out = new java.util.ArrayList<>();
        try {
            java.sql.DatabaseMetaData md = store.connection().getMetaData();
            try (java.sql.ResultSet t = md.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (t.next()) {
                    String schema = t.getString("TABLE_SCHEM");
                    String table = t.getString("TABLE_NAME");
                    if (schema != null && (schema.equals("pg_catalog") || schema.equals("information_schema"))) {
                        continue;
                    }
                    try (java.sql.ResultSet c = md.getColumns(null, schema, table, "%")) {
                        while (c.next()) {
                            out.add(table.toLowerCase(java.util.Locale.ROOT) + "." + c.getString("COLUMN_NAME")
                                    .toLowerCase(java.util.Locale.ROOT) + " " + c.getString("TYPE_NAME").toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            return List.of(); // reported as not examined
        }
        java.util.Collections.sort(out);
        return out;
    }

    /** The health certificate a host can use now: issued to it, unrevoked, newest expiry. */
    Optional<HealthCertificates.Issued> newestCertificate(String host) {
        return certificates.stream().filter(c -> c.hostName().equals(host))
                .max(java.util.Comparator.comparing(HealthCertificates.Issued::notAfter));
    }

    /** The host's latest attestation, pass or fail. */
    Optional<AttestationRecord> latestAttestation(String host) {
        return attestations.stream().filter(a -> a.hostName().equals(host))
                .max(java.util.Comparator.comparing(AttestationRecord::createdAt).thenComparing(AttestationRecord::id));
    }
}
