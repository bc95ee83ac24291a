package org.gfctl.core.guardian;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gfctl.core.GfctlException;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keyprotector.KpRecipient;
import org.gfctl.core.keyprotector.SignedBy;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.store.VolumeRecord;

/**
 * {@code fabric rotate-guardian}: a new guardian encryption key, every inventoried key protector
 * rewrapped from the old key to the new one, then the old key retired.
 *
 * <p>This is HGS's Add-/Set-HgsKeyProtectionCertificate flow. The old key stays in the key store
 * (alias {@code guardian-retired-<time>}) until every inventoried key protector has been rewrapped,
 * so a volume whose file was missing or unreadable is reported, not lost: a rerun (with the file
 * back) picks up where the last one stopped, without generating yet another key. The guardian
 * signs the rewrapped key protectors (DESIGN.md "Key protector": a guardian may sign) and only
 * rewraps one signed by one of the volume's inventoried key holders or by a guardian key, so that
 * it never lends its signature to a substitute.
 */
public final class GuardianRotation {

    /** What happened to one inventoried volume. */
    public record VolumeOutcome(String uuid, String name, Path keyProtector, String status, String problem) {}

    /** The new guardian certificate, retired aliases still kept, and one outcome per volume. */
    public record Result(X509Certificate guardian, List<String> retiredKept, List<String> retiredRemoved,
            List<VolumeOutcome> volumes) {
        public long failed() {
            return volumes.stream().filter(v -> v.status().equals("failed")).count();
        }
    }

    private GuardianRotation() {}

    public static Result rotate(Fabric fabric, Instant now) {
        GuardianKeys keys = fabric.keys();
        if (keys.retired().isEmpty()) {
            keys = keys.withNewEncryptionKey(fabric.id(), now, fabric.keyStore().keyMaker());
            fabric.replaceKeys(keys);
        }
        List<VolumeOutcome> outcomes = new ArrayList<>();
        for (VolumeRecord v : fabric.store().volumes().list()) {
            Path kpFile = Path.of(v.imagePath() + ".kp");
            try {
                outcomes.add(rewrap(fabric, keys, v, kpFile, now));
            } catch (GfctlException | java.io.UncheckedIOException | IllegalArgumentException e) {
                outcomes.add(new VolumeOutcome(v.uuid(), v.name(), kpFile, "failed", e.getMessage()));
            }
        }
        List<String> retired = List.copyOf(keys.retired().keySet());
        boolean allDone = outcomes.stream().noneMatch(o -> o.status().equals("failed"));
        if (allDone && !retired.isEmpty()) {
            fabric.replaceKeys(keys.withoutRetired());
        }
        return new Result(keys.encryption().certificate(), allDone ? List.of() : retired, allDone ? retired : List.of(),
                outcomes);
    }

    private static VolumeOutcome rewrap(Fabric fabric, GuardianKeys keys, VolumeRecord v, Path kpFile, Instant now) {
        if (!Files.exists(kpFile)) {
            return new VolumeOutcome(v.uuid(), v.name(), kpFile, "failed", "key protector " + kpFile + " does not exist");
        }
        KeyProtector kp = KeyProtector.read(kpFile);
        SignedBy by = kp.verifySignature();
        if (!kp.metadata().volumeUuid().toString().equals(v.uuid())) {
            return new VolumeOutcome(v.uuid(), v.name(), kpFile, "failed", kpFile + " is for volume "
                    + kp.metadata().volumeUuid() + ", not " + v.uuid());
        }
        String fresh = Certificates.fingerprint(keys.encryption().certificate());
        Set<String> holders = v.recipients().stream().map(VolumeRecord::fingerprintOf).collect(Collectors.toSet());
        holders.add(VolumeRecord.fingerprintOf(v.signer()));
        holders.add(fresh);
        keys.retired().values().forEach(k -> holders.add(Certificates.fingerprint(k.certificate())));
        if (!holders.contains(by.sha256())) {
            return new VolumeOutcome(v.uuid(), v.name(), kpFile, "failed", kpFile + " is signed by " + by.subject()
                    + ", who is not one of the volume's key holders: refusing to re-sign it");
        }
        Set<String> recipients = kp.recipients().stream().map(KpRecipient::sha256).collect(Collectors.toSet());
        Map.Entry<String, KeyEntry> old = keys.retired().entrySet().stream()
                .filter(e -> recipients.contains(Certificates.fingerprint(e.getValue().certificate())))
                .findFirst().orElse(null);
        if (old == null) {
            return new VolumeOutcome(v.uuid(), v.name(), kpFile, recipients.contains(fresh) ? "already-rewrapped"
                    : "not-a-recipient", null);
        }
        List<X509Certificate> next = new ArrayList<>();
        for (KpRecipient r : kp.recipients()) {
            if (keys.retired().values().stream().anyMatch(k -> Certificates.fingerprint(k.certificate()).equals(r.sha256()))) {
                if (next.stream().noneMatch(c -> Certificates.fingerprint(c).equals(fresh))) {
                    next.add(keys.encryption().certificate());
                }
                continue;
            }
            X509Certificate c = kp.recipientCertificates().stream()
                    .filter(x -> Certificates.fingerprint(x).equals(r.sha256())).findFirst().orElse(null);
            if (c == null) {
                return new VolumeOutcome(v.uuid(), v.name(), kpFile, "failed", "the certificate of recipient " + r.subject()
                        + " is not in " + kpFile + " (made by an older gfctl): the owner can run 'gfctl rotate-key"
                        + " --rewrap --add-recipient GUARDIAN.crt' with the new guardian certificate");
            }
            next.add(c);
        }
        KeyProtector rewrapped = old.getValue().rewrap(kp, next, keys.encryption().signer());
        rewrapped.writeReplacing(kpFile);
        SignedBy signer = rewrapped.verifySignature();
        fabric.store().volumes().recordRotation(v.uuid(), v.imagePath(), v.merkleRoot(), signer.subject() + " "
                + signer.sha256(), rewrapped.recipients().stream().map(x -> x.subject() + " " + x.sha256()).toList(), now);
        return new VolumeOutcome(v.uuid(), v.name(), kpFile, "rewrapped", null);
    }
}
