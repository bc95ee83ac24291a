package org.gfctl.core.store;

import java.time.Instant;
import java.util.Optional;

/** The {@code enrollment_challenges} table: credential challenges awaiting a host's activation. */
public final class EnrollmentChallenges {
    private final java.sql.Connection c;

    /** A pending challenge: the host's claimed identity and the digest of the secret it must recover. */
    public record Pending(String id, String hostName, String group, String secretSha256, String ekPubDigest,
            byte[] ekCertificate, byte[] akPublic, Instant issuedAt, Instant usedAt) {}

    EnrollmentChallenges(java.sql.Connection c) {
        this.c = c;
    }

    public void add(Pending p) {
        Jdbc.update(c, "storing an enrollment challenge", "INSERT INTO enrollment_challenges (id, host_name, host_group,"
                + " secret_sha256, ek_pub_digest, ek_cert, ak_public, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                p.id(), p.hostName(), p.group(), p.secretSha256(), p.ekPubDigest(), p.ekCertificate(), p.akPublic(),
                p.issuedAt());
    }

    public Optional<Pending> find(String id) {
        return Jdbc.query(c, "reading an enrollment challenge", "SELECT id, host_name, host_group, secret_sha256,"
                + " ek_pub_digest, ek_cert, ak_public, issued_at, used_at FROM enrollment_challenges WHERE id = ?",
                rs -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getBytes(6), rs.getBytes(7), Jdbc.instant(rs.getString(8)), Jdbc.instant(rs.getString(9))), id)
                .stream().findFirst();
    }

    /** Marks the challenge used; false if it already was. */
    public boolean markUsed(String id, Instant when) {
        return Jdbc.update(c, "closing an enrollment challenge",
                "UPDATE enrollment_challenges SET used_at = ? WHERE id = ? AND used_at IS NULL", when, id) == 1;
    }
}
