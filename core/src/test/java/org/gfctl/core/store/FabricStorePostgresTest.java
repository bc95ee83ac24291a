package org.gfctl.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.gfctl.testing.PostgresExtension;
import org.gfctl.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The same schema and migrations on a real PostgreSQL server started for this class. */
@ExtendWith(PostgresExtension.class)
class FabricStorePostgresTest {
    @TempDir
    Path dir;

    @Test
    void migratesAndRecordsVolumes_withCredentialsFromAFile(PostgresServer pg) throws Exception {
        String url = pg.createDatabase();
        Path creds = dir.resolve("store.credentials");
        Files.writeString(creds, pg.user() + "\n" + pg.password() + "\n");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        VolumeRecord v = new VolumeRecord("5c1f0c1e-0000-4000-8000-000000000002", "vm2", null, "aes-xts-plain64", 512,
                2 << 20, "cd".repeat(32), "CN=owner", List.of("CN=owner"), null, now, null, null);
        try (FabricStore store = FabricStore.open(url, StoreCredentials.fromFile(creds))) {
            assertThat(store.engine()).isEqualTo(FabricStore.Engine.POSTGRESQL);
            store.volumes().record(v);
        }
        try (FabricStore again = FabricStore.open(url, StoreCredentials.fromFile(creds))) {
            assertThat(again.volumes().find(v.uuid())).contains(v);
            // reopened without Flyway: its history is read from the current schema
            assertThat(FabricStore.migrated(again.connection())).isTrue();
            try (var st = again.connection().createStatement()) {
                st.executeUpdate("CREATE SCHEMA other");
                st.executeUpdate("SET search_path TO other, public");
            }
            assertThat(FabricStore.migrated(again.connection())).as("another schema without a history").isFalse();
        }
    }
}
