package org.gfctl.core.compliance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gfctl.core.store.VolumeRecord;

/**
 * Key-management evidence (PCI DSS 3.6/3.7, NIST SC-12): every volume key's life and the guardian's keys.
 *
 * <p>Rotation history of the guardian keys is not recorded yet (no {@code rotate-guardian}), so
 * their history is the validity of the current certificates.
 */
public record KeyInventory(Duration cryptoperiod, List<VolumeKey> volumes, List<GuardianCertificate> guardian) {

    /**
     * One volume key.
     *
     * @param lastRotation    rotation time, or creation time if never rotated
     * @param cryptoperiodEnd when the key must be rotated by
     */
    public record VolumeKey(String uuid, String name, Instant created, String cipher, int keyBits, List<String> recipients,
            Instant rotated, Instant lastRotation, Instant cryptoperiodEnd, boolean exceeded) {}

    public KeyInventory {
        volumes = List.copyOf(volumes);
        guardian = List.copyOf(guardian);
    }

    /** The inventory of {@code facts} judged at {@code now}. */
    static KeyInventory of(FabricFacts facts, Duration cryptoperiod, Instant now) {
        return new KeyInventory(cryptoperiod, facts.volumes().stream().map(v -> key(v, cryptoperiod, now)).toList(),
                facts.guardian());
    }

    private static VolumeKey key(VolumeRecord v, Duration cryptoperiod, Instant now) {
        Instant last = v.rotatedAt() != null ? v.rotatedAt() : v.createdAt();
        Instant end = last.plus(cryptoperiod);
        return new VolumeKey(v.uuid(), v.name(), v.createdAt(), v.cipher(), v.keyBits(), v.recipients(), v.rotatedAt(), last,
                end, now.isAfter(end));
    }
}
