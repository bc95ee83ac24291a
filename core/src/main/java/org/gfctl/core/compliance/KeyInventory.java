package org.gfctl.core.compliance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gfctl.core.store.VolumeRecord;

/**
 * Key-management evidence (PCI DSS 3.6/3.7, NIST SC-12): every volume key's life and the guardian's
 * keys: their certificates, and their history from the audit log (creation, each rotation), which
 * dates the key in use against the cryptoperiod.
 *
 * @param guardianInUseSince when the guardian key in use was created or rotated in, or null if the
 *     audit log does not say
 */
public record KeyInventory(Duration cryptoperiod, List<VolumeKey> volumes, List<GuardianCertificate> guardian,
        List<GuardianKeyEvent> guardianHistory, Instant guardianInUseSince, boolean guardianExceeded) {

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
        guardianHistory = List.copyOf(guardianHistory);
    }

    /** The inventory of {@code facts} judged at {@code now}. */
    static KeyInventory of(FabricFacts facts, Duration cryptoperiod, Instant now) {
        Instant since = null;
        String current = null;
        for (GuardianKeyEvent e : facts.guardianHistory()) { // a rerun that finishes a rotation keeps the key
            if (e.newKey() && (current == null || !current.equals(e.keyFingerprint()))) {
                since = e.time();
                current = e.keyFingerprint();
            }
        }
        return new KeyInventory(cryptoperiod, facts.volumes().stream().map(v -> key(v, cryptoperiod, now)).toList(),
                facts.guardian(), facts.guardianHistory(), since, since != null && now.isAfter(since.plus(cryptoperiod)));
    }

    /** How many times the audit log shows the guardian key changing after the fabric's creation. */
    public long guardianRotations() {
        long changes = 0;
        String current = null;
        for (GuardianKeyEvent e : guardianHistory) {
            if (e.newKey() && !java.util.Objects.equals(current, e.keyFingerprint())) {
                changes += current == null ? 0 : 1;
                current = e.keyFingerprint();
            }
        }
        return changes;
    }

    /** When the guardian key in use must be rotated by, or null if its start is not recorded. */
    public Instant guardianRotateBy() {
        return guardianInUseSince == null ? null : guardianInUseSince.plus(cryptoperiod);
    }

    private static VolumeKey key(VolumeRecord v, Duration cryptoperiod, Instant now) {
        Instant last = v.rotatedAt() != null ? v.rotatedAt() : v.createdAt();
        Instant end = last.plus(cryptoperiod);
        return new VolumeKey(v.uuid(), v.name(), v.createdAt(), v.cipher(), v.keyBits(), v.recipients(), v.rotatedAt(), last,
                end, now.isAfter(end));
    }
}
