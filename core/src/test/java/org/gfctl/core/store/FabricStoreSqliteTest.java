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
    void unsupportedUrl_isAUsageError_withoutLeakingPasswords() {
        assertThatThrownBy(() -> FabricStore.open("jdbc:mysql://h/db?password=s3cret", StoreCredentials.none()))
                .isInstanceOf(GfctlException.class)
                .hasMessageContaining("use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB")
                .hasMessageNotContaining("s3cret");
    }
}
