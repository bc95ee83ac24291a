package org.gfctl.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;

/** Small JDBC helpers for the store's repositories: bind, run, map, and say what failed. */
final class Jdbc {

    /** Maps one row. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Jdbc() {}

    static int update(Connection c, String what, String sql, Object... args) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new GfctlException(ExitCode.FAILURE, what + " failed in the store: " + e.getMessage(), e);
        }
    }

    static <T> List<T> query(Connection c, String what, String sql, Row<T> row, Object... args) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new GfctlException(ExitCode.FAILURE, what + " failed in the store: " + e.getMessage(), e);
        }
    }

    static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof byte[] b) {
                ps.setBytes(i + 1, b);
            } else if (a instanceof Instant t) {
                ps.setString(i + 1, t.toString());
            } else if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, a == null ? null : a.toString());
            }
        }
    }
}
