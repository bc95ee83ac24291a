package org.gfctl.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;

/** The {@code fabric_meta} table: name/value settings of the fabric. */
public final class FabricMeta {
    private final Connection c;

    FabricMeta(Connection c) {
        this.c = c;
    }

    public void put(String name, String value) {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM fabric_meta WHERE name = ?");
                PreparedStatement ins = c.prepareStatement("INSERT INTO fabric_meta (name, value) VALUES (?, ?)")) {
            del.setString(1, name);
            del.executeUpdate();
            ins.setString(1, name);
            ins.setString(2, value);
            ins.executeUpdate();
        } catch (SQLException e) {
            throw new GfctlException(ExitCode.FAILURE, "writing fabric setting " + name + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Sets {@code name} only if no value is set yet, atomically (the primary key decides between
     * concurrent callers); returns whether this call set it.
     */
    public boolean claim(String name, String value) {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO fabric_meta (name, value) SELECT ?, ? WHERE NOT"
                + " EXISTS (SELECT 1 FROM fabric_meta WHERE name = ?)")) {
            ins.setString(1, name);
            ins.setString(2, value);
            ins.setString(3, name);
            return ins.executeUpdate() == 1;
        } catch (SQLException e) {
            if (get(name).isPresent()) { // lost the race on the primary key
                return false;
            }
            throw new GfctlException(ExitCode.FAILURE, "writing fabric setting " + name + " failed: " + e.getMessage(), e);
        }
    }

    public Optional<String> get(String name) {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM fabric_meta WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new GfctlException(ExitCode.FAILURE, "reading fabric setting " + name + " failed: " + e.getMessage(), e);
        }
    }
}
