package org.gfctl.core.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gfctl.core.Bug;
import org.gfctl.core.store.FabricStore;

/**
 * Checks that {@code audit_entries}' filter columns are still generated from the entry bytes as
 * migration V4 defined them, so that {@code gfctl audit log} shows and selects what the log signs.
 *
 * <p>The verifier reads only seq, entry and leaf hash; a filter column can only disagree with its
 * entry if someone redefines the table (SQLite: {@code writable_schema} or a rebuilt table;
 * PostgreSQL: {@code ALTER COLUMN ... DROP EXPRESSION} or a replaced function). One query over the
 * catalogue replaces a million column comparisons. SQLite keeps the table's DDL verbatim, so it is
 * compared whole; PostgreSQL stores a deparsed expression, compared without parentheses, casts to
 * text and blanks (the deparser's spelling varies between versions), plus the function's body.
 */
final class AuditSchema {
    private static final String MIGRATION = "db/migration/V4__audit_generated_columns.sql";
    private static final Map<String, String> MEMBERS = Map.of("time", "time", "actor", "actor", "actor_key",
            "actorKey", "role", "role", "action", "action", "object", "object", "result", "result", "exit_code",
            "exitCode", "evidence_digest", "evidence");

    private AuditSchema() {}

    /** What is wrong with the filter columns' definitions, or empty if they are V4's. */
    static Optional<String> detachedFilterColumns(Connection c, FabricStore.Engine engine) throws SQLException {
        return engine == FabricStore.Engine.SQLITE ? sqlite(c) : postgresql(c);
    }

    private static Optional<String> sqlite(Connection c) throws SQLException {
        String ddl = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'audit_entries'");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                ddl = rs.getString(1);
            }
        }
        return expectedSqliteDdl().equals(ddl) ? Optional.empty()
                : Optional.of("the table audit_entries is no longer defined as migration V4 created it");
    }

    /** V4's CREATE TABLE with SQLite's placeholders, as SQLite stores it after the rename. */
    private static String expectedSqliteDdl() {
        String sql = migration();
        int from = sql.indexOf("CREATE TABLE audit_entries_v4 (");
        int to = sql.indexOf("\n);", from);
        String ddl = sql.substring(from, to + 2).replace("CREATE TABLE audit_entries_v4 (", "CREATE TABLE \"audit_entries\" (");
        for (var p : FabricStore.migrationPlaceholders(FabricStore.Engine.SQLITE).entrySet()) {
            ddl = ddl.replace("${" + p.getKey() + "}", p.getValue());
        }
        return ddl;
    }

    private static Optional<String> postgresql(Connection c) throws SQLException {
        List<String> detached = new ArrayList<>();
        Map<String, String> found = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, is_generated, generation_expression FROM"
                + " information_schema.columns WHERE table_schema = current_schema() AND table_name = 'audit_entries'");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.put(rs.getString(1), "ALWAYS".equals(rs.getString(2)) ? rs.getString(3) : null);
            }
        }
        for (var m : MEMBERS.entrySet()) {
            String e = found.get(m.getKey());
            String expected = "audit_entry_jsonentry->>'" + m.getValue() + "'" + (m.getKey().equals("exit_code")
                    ? "::integer" : "");
            if (e == null || !e.replaceAll("[()\\s]|::text", "").equals(expected)) {
                detached.add(m.getKey());
            }
        }
        detached.sort(null);
        String function = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT p.prosrc, p.provolatile FROM pg_proc p JOIN pg_namespace n"
                + " ON n.oid = p.pronamespace WHERE p.proname = 'audit_entry_json' AND n.nspname = current_schema()");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                function = rs.getString(1).trim() + "/" + rs.getString(2);
            }
        }
        List<String> why = new ArrayList<>();
        if (!detached.isEmpty()) {
            why.add("column" + (detached.size() == 1 ? " " : "s ") + String.join(", ", detached) + " of audit_entries "
                    + (detached.size() == 1 ? "is" : "are") + " no longer generated from the entry bytes");
        }
        if (!"SELECT convert_from(entry, 'UTF8')::jsonb/i".equals(function)) {
            why.add("the function audit_entry_json was replaced");
        }
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }

    private static String migration() {
        try (InputStream in = AuditSchema.class.getClassLoader().getResourceAsStream(MIGRATION)) {
            if (in == null) {
                throw new Bug(MIGRATION + " is part of gfctl-core");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Bug("cannot read " + MIGRATION + " from gfctl-core", e);
        }
    }
}
