package org.gfctl.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code hosts} table: enrolled hosts, removed ones kept (marked) for the audit trail. */
public final class HostRegistry {
    private static final String COLUMNS = "name, host_group, ek_pub_digest, ek_cert, ak_public, ak_name, policy_name,"
            + " enrolled_at, removed_at";
    private final java.sql.Connection c;

    HostRegistry(java.sql.Connection c) {
        this.c = c;
    }

    /** Adds or re-enrolls a host (a removed host of the same name is replaced). */
    public void enroll(HostRecord h) {
        Jdbc.update(c, "enrolling host " + h.name(), "DELETE FROM hosts WHERE name = ?", h.name());
        Jdbc.update(c, "enrolling host " + h.name(), "INSERT INTO hosts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                h.name(), h.group(), h.ekPubDigest(), h.ekCertificate(), h.akPublic(), h.akName(), h.policyName(),
                h.enrolledAt(), h.removedAt());
    }

    public Optional<HostRecord> find(String name) {
        return Jdbc.query(c, "reading host " + name, "SELECT " + COLUMNS + " FROM hosts WHERE name = ?", HostRegistry::row, name)
                .stream().findFirst();
    }

    /** The active host whose EK public digest is {@code digest}, if any. */
    public Optional<HostRecord> findByEk(String digest) {
        return Jdbc.query(c, "reading hosts", "SELECT " + COLUMNS + " FROM hosts WHERE ek_pub_digest = ? AND removed_at IS NULL",
                HostRegistry::row, digest).stream().findFirst();
    }

    public List<HostRecord> list() {
        return Jdbc.query(c, "listing hosts", "SELECT " + COLUMNS + " FROM hosts ORDER BY name", HostRegistry::row);
    }

    /** Marks a host removed; returns false if no active host has that name. */
    public boolean remove(String name, Instant when) {
        return Jdbc.update(c, "removing host " + name, "UPDATE hosts SET removed_at = ? WHERE name = ? AND removed_at IS NULL",
                when, name) == 1;
    }

    public void setPolicy(String name, String policyName) {
        Jdbc.update(c, "setting the policy of host " + name, "UPDATE hosts SET policy_name = ? WHERE name = ?", policyName, name);
    }

    private static HostRecord row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new HostRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5),
                rs.getString(6), rs.getString(7), Jdbc.instant(rs.getString(8)), Jdbc.instant(rs.getString(9)));
    }
}
