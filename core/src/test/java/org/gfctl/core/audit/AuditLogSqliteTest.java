package org.gfctl.core.audit;

import java.nio.file.Path;
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
}
