package org.gfctl.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code health_certificates} table: what the attestation CA issued, and revocations. */
public final class HealthCertificates {
    private final java.sql.Connection c;

    /** One issued health certificate. */
    public record Issued(String serial, String hostName, long attestationId, Instant notBefore, Instant notAfter,
            byte[] der, Instant revokedAt) {}

    HealthCertificates(java.sql.Connection c) {
        this.c = c;
    }

    public void add(Issued i) {
        Jdbc.update(c, "storing a health certificate", "INSERT INTO health_certificates (serial, host_name, attestation_id,"
                + " not_before, not_after, der) VALUES (?, ?, ?, ?, ?, ?)", i.serial(), i.hostName(), i.attestationId(),
                i.notBefore(), i.notAfter(), i.der());
    }

    public Optional<Issued> find(String serial) {
        return Jdbc.query(c, "reading a health certificate", "SELECT serial, host_name, attestation_id, not_before, not_after,"
                + " der, revoked_at FROM health_certificates WHERE serial = ?", HealthCertificates::row, serial)
                .stream().findFirst();
    }

    public List<Issued> list() {
        return Jdbc.query(c, "listing health certificates", "SELECT serial, host_name, attestation_id, not_before, not_after,"
                + " der, revoked_at FROM health_certificates ORDER BY not_before", HealthCertificates::row);
    }

    /** Revokes every unrevoked certificate of {@code host} (host removed or failed attestation). */
    public int revokeAll(String host, Instant when) {
        return Jdbc.update(c, "revoking health certificates", "UPDATE health_certificates SET revoked_at = ?"
                + " WHERE host_name = ? AND revoked_at IS NULL", when, host);
    }

    private static Issued row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Issued(rs.getString(1), rs.getString(2), rs.getLong(3), Jdbc.instant(rs.getString(4)),
                Jdbc.instant(rs.getString(5)), rs.getBytes(6), Jdbc.instant(rs.getString(7)));
    }
}
