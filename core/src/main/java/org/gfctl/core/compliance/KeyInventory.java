package org.gfctl.core.compliance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gfctl.core.store.VolumeRecord;

/**
 * Key-management evidence (PCI DSS 3.6/3.7, NIST SC-12): every volume key's life and the guardian's
 * keys: their certificates, and their history from the audit log (creation, each rotation), which
 * dates the key in use against the cryptoperiod.
 *
 * <p>The history is evidence only from a log that verified intact, and only as far as its newest
 * signed checkpoint reaches: rows of a tampered log (or rows no checkpoint covers yet) could date a
 * key as fresh that is past its cryptoperiod.
 *
 * @param guardianHistory the guardian key events: those under the newest signed checkpoint of an
 *     intact log, else every event the log holds (shown, and not used)
 * @param guardianInUseSince when the guardian key in use was created or rotated in, or null if the
 *     verified audit log does not say
 * @param guardianHistoryVerified whether the history comes from an audit log that verified intact
 * @param guardianEventsUnsigned events of an intact log left out because no signed checkpoint covers them yet
 */
public record KeyInventory(Duration cryptoperiod, List<VolumeKey> volumes, List<GuardianCertificate> guardian,
        List<GuardianKeyEvent> guardianHistory, Instant guardianInUseSince, boolean guardianExceeded,
        boolean guardianHistoryVerified, int guardianEventsUnsigned) {

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

    /**
     * The inventory of {@code facts} judged at {@code now}, its guardian key history trusted as far as
     * {@code audit} (the verification of the same log) vouches for it.
     */
    static KeyInventory of(FabricFacts facts, Optional<AuditEvidence.Summary> audit, Duration cryptoperiod, Instant now) {
        List<VolumeKey> volumes = facts.volumes().stream().map(v -> key(v, cryptoperiod, now)).toList();
        if (audit.isEmpty() || !audit.get().intact()) {
            return new KeyInventory(cryptoperiod, volumes, facts.guardian(), facts.guardianHistory(), null, false, false, 0);
        }
        long signed = audit.get().signedEntries();
        List<GuardianKeyEvent> covered = facts.guardianHistory().stream().filter(e -> e.seq() >= 0 && e.seq() < signed).toList();
        Instant since = null;
        String current = null;
        for (GuardianKeyEvent e : covered) { // a rerun that finishes a rotation keeps the key
            if (e.newKey() && (current == null || !current.equals(e.keyFingerprint()))) {
                since = e.time();
                current = e.keyFingerprint();
            }
        }
        return new KeyInventory(cryptoperiod, volumes, facts.guardian(), covered, since,
                since != null && now.isAfter(since.plus(cryptoperiod)), true, facts.guardianHistory().size() - covered.size());
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
