package org.gfctl.core.audit;

import java.nio.file.Path;
import java.sql.SQLException;
import org.gfctl.core.store.StoreCredentials;
import org.junit.jupiter.api.io.TempDir;

class AuditLogSqliteTest extends AuditLogContract {
    @TempDir
    Path dir;
    int stores;

    @Override
    String newStoreUrl() {
        return "jdbc:sqlite:" + dir.resolve("fabric-" + stores++ + ".db");
    }

    @Override
    StoreCredentials credentials() {
        return StoreCredentials.none();
    }

    @Override
    String credentialsArgument() {
        return "-";
    }

    /** Rebuilds the table with a plain result column, as SQLite cannot drop a generation expression. */
    @Override
    void detachResultColumn() throws SQLException {
        sql("CREATE TABLE t AS SELECT * FROM audit_entries", "DROP TABLE audit_entries",
                "ALTER TABLE t RENAME TO audit_entries");
    }

    @Override
    String detachedResultColumnMessage() {
        return "the table audit_entries is no longer defined as migration V4 created it";
    }

    @Override
    String spacePrefixedEntry() {
        return "CAST(' ' || CAST(entry AS TEXT) AS BLOB)";
    }
}
