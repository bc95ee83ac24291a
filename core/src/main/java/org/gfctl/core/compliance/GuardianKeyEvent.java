package org.gfctl.core.compliance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gfctl.core.store.FabricStore;

/**
 * One event in the guardian key's history, as the audit log recorded it: the fabric's creation
 * ({@code fabric.init}) or a rotation ({@code fabric.rotate-guardian}), with the fingerprint of the
 * guardian key it put in use. The report verifies the same log for its integrity evidence, so a
 * history drawn from a tampered log comes with a failed integrity finding beside it.
 *
 * @param keyFingerprint the guardian encryption key's certificate fingerprint, or null when not recorded
 */
public record GuardianKeyEvent(long seq, Instant time, String action, String keyFingerprint, String result) {

    /** Whether this event put a new guardian key in use. */
    public boolean newKey() {
        return "success".equals(result);
    }

    /** The guardian key events in {@code store}'s audit log, oldest first. */
    static List<GuardianKeyEvent> read(FabricStore store) {
        List<GuardianKeyEvent> out = new ArrayList<>();
        try (Statement s = store.connection().createStatement();
                ResultSet rs = s.executeQuery("SELECT seq, time, action, actor_key, result FROM audit_entries"
                        + " WHERE action IN ('fabric.init', 'fabric.rotate-guardian') ORDER BY seq")) {
            while (rs.next()) {
                Instant time;
                try {
                    time = Instant.parse(rs.getString(2));
                } catch (java.time.format.DateTimeParseException | NullPointerException e) {
                    continue; // not an entry gfctl wrote: the report's audit-log verification names it
                }
                out.add(new GuardianKeyEvent(rs.getLong(1), time, rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        } catch (SQLException e) {
            throw new org.gfctl.core.GfctlException(org.gfctl.core.ExitCode.FAILURE,
                    "cannot read the guardian key history from the audit log: " + e.getMessage(), e);
        }
        return out;
    }
}
