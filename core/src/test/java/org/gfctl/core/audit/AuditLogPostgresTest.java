package org.gfctl.core.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.testing.PostgresExtension;
import org.gfctl.testing.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class AuditLogPostgresTest extends AuditLogContract {
    static PostgresServer pg;
    static Path credentials;

    /** Before the superclass's {@code @BeforeEach}, which needs a store. */
    @BeforeAll
    static void server(PostgresServer server, @TempDir Path dir) throws Exception {
        pg = server;
        credentials = Files.writeString(dir.resolve("store.credentials"), pg.user() + "\n" + pg.password() + "\n");
    }

    @Override
    String newStoreUrl() throws Exception {
        return pg.createDatabase();
    }

    @Override
    StoreCredentials credentials() {
        return StoreCredentials.fromFile(credentials);
    }

    @Override
    String credentialsArgument() {
        return credentials.toString();
    }

    @Override
    void detachResultColumn() throws SQLException {
        sql("ALTER TABLE audit_entries ALTER COLUMN result DROP EXPRESSION");
    }

    @Override
    String detachedResultColumnMessage() {
        return "column result of audit_entries is no longer generated from the entry bytes";
    }

    @Override
    String spacePrefixedEntry() {
        return "convert_to(' ' || convert_from(entry, 'UTF8'), 'UTF8')";
    }
}
