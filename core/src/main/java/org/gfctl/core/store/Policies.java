package org.gfctl.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code policies} table: attestation and release policy documents by name. */
public final class Policies {
    private final java.sql.Connection c;

    /** A stored policy document (YAML) with its kind and canonical digest. */
    public record Stored(String name, String kind, String digest, String document, Instant updatedAt) {}

    Policies(java.sql.Connection c) {
        this.c = c;
    }

    public void put(Stored p) {
        Jdbc.update(c, "storing policy " + p.name(), "DELETE FROM policies WHERE name = ?", p.name());
        Jdbc.update(c, "storing policy " + p.name(), "INSERT INTO policies (name, kind, digest, document, updated_at)"
                + " VALUES (?, ?, ?, ?, ?)", p.name(), p.kind(), p.digest(), p.document(), p.updatedAt());
    }

    public Optional<Stored> find(String name) {
        return Jdbc.query(c, "reading policy " + name, "SELECT name, kind, digest, document, updated_at FROM policies"
                + " WHERE name = ?", rs -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Jdbc.instant(rs.getString(5))), name).stream().findFirst();
    }

    public List<String> names() {
        return Jdbc.query(c, "listing policies", "SELECT name FROM policies ORDER BY name", rs -> rs.getString(1));
    }
}
