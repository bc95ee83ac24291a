package org.gfctl.core.audit;

import java.nio.file.Path;
import org.gfctl.core.store.StoreCredentials;
import org.junit.jupiter.api.io.TempDir;

class AuditLogSqliteTest extends AuditLogContract {
    @TempDir
    Path dir;

    @Override
    String newStoreUrl() {
        return "jdbc:sqlite:" + dir.resolve("fabric.db");
    }

    @Override
    StoreCredentials credentials() {
        return StoreCredentials.none();
    }
}
