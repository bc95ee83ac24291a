package org.gfctl.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.core.store.VolumeRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cryptoperiod of a volume key runs from its last rotation, or from its creation if it was never rotated. */
class KeyInventoryTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aRotatedKeysCryptoperiod_runsFromItsRotation_anUnrotatedOnesFromItsCreation() throws Exception {
        FabricFacts facts;
        try (FabricStore s = FabricStore.open(FabricStore.defaultUrl(dir), StoreCredentials.none())) {
            s.meta().put("fabric_id", "3f2a1b0c-5d4e-4f60-8a7b-9c0d1e2f3a4b");
            s.meta().put("guardian_fingerprint", "a".repeat(64));
            volume(s, "11111111-1111-4111-8111-111111111111", "rotated", "2025-01-10T00:00:00Z", "2026-06-01T00:00:00Z");
            volume(s, "22222222-2222-4222-8222-222222222222", "stale", "2025-01-10T00:00:00Z", null);
            volume(s, "33333333-3333-4333-8333-333333333333", "young", "2026-11-01T00:00:00Z", null);
            facts = FabricFacts.read(s, List.of());
        }
        KeyInventory k = KeyInventory.of(facts, Optional.empty(), Duration.ofDays(365), NOW);
        assertThat(k.volumes()).extracting(KeyInventory.VolumeKey::name, KeyInventory.VolumeKey::lastRotation,
                KeyInventory.VolumeKey::cryptoperiodEnd, KeyInventory.VolumeKey::exceeded)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("rotated", t("2026-06-01T00:00:00Z"), t("2027-06-01T00:00:00Z"), false),
                        org.assertj.core.groups.Tuple.tuple("stale", t("2025-01-10T00:00:00Z"), t("2026-01-10T00:00:00Z"), true),
                        org.assertj.core.groups.Tuple.tuple("young", t("2026-11-01T00:00:00Z"), t("2027-11-01T00:00:00Z"), false));
        assertThat(k.volumes()).filteredOn(v -> v.name().equals("rotated")).singleElement()
                .satisfies(v -> assertThat(v.rotated()).isEqualTo(t("2026-06-01T00:00:00Z")));
        // a shorter cryptoperiod from the catalogue's thresholds makes the rotated key overdue too
        assertThat(KeyInventory.of(facts, Optional.empty(), Duration.ofDays(90), NOW).volumes())
                .filteredOn(KeyInventory.VolumeKey::exceeded).extracting(KeyInventory.VolumeKey::name)
                .containsExactlyInAnyOrder("rotated", "stale");
    }

    private static void volume(FabricStore s, String uuid, String name, String created, String rotated) throws Exception {
        s.volumes().record(new VolumeRecord(uuid, name, "/images/" + name + ".luks", "aes-xts-plain64", 512, 1 << 30,
                "e".repeat(64), "CN=tenant-a " + "b".repeat(64), List.of("CN=tenant-a " + "b".repeat(64)), "default",
                t(created), rotated == null ? null : t(rotated), null));
    }

    private static Instant t(String s) {
        return Instant.parse(s);
    }
}
