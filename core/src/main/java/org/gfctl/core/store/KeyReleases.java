package org.gfctl.core.store;

import java.time.Instant;
import java.util.List;

/** The {@code key_releases} table: every release decision, granted or refused, with its reason. */
public final class KeyReleases {
    private final java.sql.Connection c;

    /** One decision. */
    public record Decision(long id, String volumeUuid, String hostName, String healthSerial, String result, String reason,
            Instant createdAt) {}

    KeyReleases(java.sql.Connection c) {
        this.c = c;
    }

    public void record(String volumeUuid, String hostName, String healthSerial, boolean released, String reason) {
        Jdbc.update(c, "recording a key release", "INSERT INTO key_releases (volume_uuid, host_name, health_serial, result,"
                + " reason, created_at) VALUES (?, ?, ?, ?, ?, ?)", volumeUuid, hostName, healthSerial,
                released ? "released" : "refused", reason, Instant.now());
    }

    public List<Decision> list() {
        return Jdbc.query(c, "listing key releases", "SELECT id, volume_uuid, host_name, health_serial, result, reason,"
                + " created_at FROM key_releases ORDER BY id", rs -> new Decision(rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), Jdbc.instant(rs.getString(7))));
    }
}
