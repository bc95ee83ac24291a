package org.gfctl.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.gfctl.core.GfctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FabricStoreSqliteTest {
    @TempDir
    Path home;

    @Test
    void migratesAnEmptyStore_andRecordsVolumes() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        VolumeRecord v = new VolumeRecord("5c1f0c1e-0000-4000-8000-000000000001", "vm1", "/images/vm1.luks",
                "aes-xts-plain64", 512, 1 << 20, "ab".repeat(32), "CN=owner sha256:00", List.of("CN=owner", "CN=guardian"),
                "default", now, null, null);
        try (FabricStore store = FabricStore.open(FabricStore.defaultUrl(home), StoreCredentials.none())) {
            assertThat(store.engine()).isEqualTo(FabricStore.Engine.SQLITE);
            store.volumes().record(v);
            store.volumes().markVerified(v.uuid(), now.plusSeconds(5));
        }
        try (FabricStore reopened = FabricStore.open(FabricStore.defaultUrl(home), StoreCredentials.none())) {
            VolumeRecord back = reopened.volumes().find(v.uuid()).orElseThrow();
            assertThat(back.recipients()).containsExactly("CN=owner", "CN=guardian");
            assertThat(back.verifiedAt()).isEqualTo(now.plusSeconds(5));
            assertThat(reopened.volumes().list()).hasSize(1);
        }
    }

    @Test
    void aNewStore_hasLargePagesInWalMode_anExistingOneKeepsItsPages() throws Exception {
        try (FabricStore store = FabricStore.open(FabricStore.defaultUrl(home), StoreCredentials.none())) {
            assertThat(pragma(store.connection(), "page_size")).isEqualTo(String.valueOf(FabricStore.SQLITE_PAGE_SIZE));
            assertThat(pragma(store.connection(), "journal_mode")).isEqualTo("wal");
        }
        // a store made before (SQLite's default 4096-byte pages) is opened, migrated and used as it is
        Path old = home.resolve("old.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + old);
                java.sql.Statement st = c.createStatement()) {
            st.execute("PRAGMA page_size = 4096");
            st.execute("PRAGMA journal_mode = WAL");
        }
        try (FabricStore store = FabricStore.open("jdbc:sqlite:" + old, StoreCredentials.none())) {
            assertThat(pragma(store.connection(), "page_size")).isEqualTo("4096");
            assertThat(pragma(store.connection(), "journal_mode")).isEqualTo("wal");
            assertThat(store.volumes().list()).isEmpty();
        }
    }

    private static String pragma(java.sql.Connection c, String name) throws java.sql.SQLException {
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet r = st.executeQuery("PRAGMA " + name)) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void aStoreWithEveryMigration_isOpenedWithoutFlyway_anythingElseGoesThroughIt() throws Exception {
        try (FabricStore store = FabricStore.open(FabricStore.defaultUrl(home), StoreCredentials.none())) {
            assertThat(FabricStore.migrated(store.connection())).isTrue();
            try (var st = store.connection().createStatement()) {
                st.executeUpdate("UPDATE flyway_schema_history SET script = 'V4__other_app.sql' WHERE version = '4'");
                assertThat(FabricStore.migrated(store.connection())).as("another application's history").isFalse();
                st.executeUpdate("UPDATE flyway_schema_history SET script = 'V4__audit_generated_columns.sql'");
                assertThat(FabricStore.migrated(store.connection())).as("scripts that are not their versions").isFalse();
                st.executeUpdate("UPDATE flyway_schema_history SET script = 'V' || version || "
                        + "(CASE version WHEN '1' THEN '__fabric.sql' WHEN '2' THEN '__audit.sql' WHEN '3' THEN"
                        + " '__attestation.sql' WHEN '4' THEN '__audit_generated_columns.sql' ELSE"
                        + " '__audit_checkpoint_chain.sql' END)");
                assertThat(FabricStore.migrated(store.connection())).as("restored").isTrue();
                st.executeUpdate("UPDATE flyway_schema_history SET success = 0 WHERE version = '4'");
                assertThat(FabricStore.migrated(store.connection())).as("a failed migration").isFalse();
                st.executeUpdate("DELETE FROM flyway_schema_history WHERE version = '4'");
                assertThat(FabricStore.migrated(store.connection())).as("a store from before V4").isFalse();
                st.executeUpdate("DROP TABLE flyway_schema_history");
                assertThat(FabricStore.migrated(store.connection())).as("no history").isFalse();
            }
        }
    }

    @Test
    void migrations_areExactlyTheScriptsInTheResources() throws Exception {
        java.net.URL dir = FabricStore.class.getClassLoader().getResource("db/migration");
        try (var files = java.nio.file.Files.list(Path.of(dir.toURI()))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql")).toList())
                    .containsExactlyInAnyOrderElementsOf(FabricStore.MIGRATIONS.values());
        }
        FabricStore.MIGRATIONS.forEach((version, script) -> assertThat(script).startsWith("V" + version + "__"));
    }

    @Test
    void unsupportedUrl_isAUsageError_withoutLeakingPasswords() {
        assertThatThrownBy(() -> FabricStore.open("jdbc:mysql://h/db?password=s3cret", StoreCredentials.none()))
                .isInstanceOf(GfctlException.class)
                .hasMessageContaining("use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB")
                .hasMessageNotContaining("s3cret");
    }
}
