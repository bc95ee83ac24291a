package org.gfctl.core.store;

import java.util.List;
import java.util.Optional;

/** The {@code attestations} table. */
public final class Attestations {
    private static final String COLUMNS = "id, host_name, nonce, verdict, policy_name, policy_digest, evidence, explanation,"
            + " created_at";
    private final java.sql.Connection c;

    Attestations(java.sql.Connection c) {
        this.c = c;
    }

    /** Stores {@code a} (its id is ignored) and returns the id the store assigned. */
    public long add(AttestationRecord a) {
        Jdbc.update(c, "storing an attestation", "INSERT INTO attestations (host_name, nonce, verdict, policy_name,"
                + " policy_digest, evidence, explanation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", a.hostName(),
                a.nonceHex(), a.verdict(), a.policyName(), a.policyDigest(), a.evidence(), a.explanation(), a.createdAt());
        return Jdbc.query(c, "reading an attestation id", "SELECT id FROM attestations WHERE nonce = ?", rs -> rs.getLong(1),
                a.nonceHex()).get(0);
    }

    public Optional<AttestationRecord> find(long id) {
        return Jdbc.query(c, "reading attestation " + id, "SELECT " + COLUMNS + " FROM attestations WHERE id = ?",
                Attestations::row, id).stream().findFirst();
    }

    public List<AttestationRecord> forHost(String host) {
        return Jdbc.query(c, "reading attestations of " + host, "SELECT " + COLUMNS
                + " FROM attestations WHERE host_name = ? ORDER BY id", Attestations::row, host);
    }

    public List<AttestationRecord> list() {
        return Jdbc.query(c, "listing attestations", "SELECT " + COLUMNS + " FROM attestations ORDER BY id", Attestations::row);
    }

    private static AttestationRecord row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new AttestationRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getBytes(7), rs.getString(8), Jdbc.instant(rs.getString(9)));
    }
}
