package org.gfctl.core.compliance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.gfctl.core.compliance.Observation.Method;
import org.gfctl.core.compliance.Observation.Subject;
import org.gfctl.core.store.HealthCertificates;
import org.gfctl.core.store.HostRecord;
import org.gfctl.core.store.KeyReleases;
import org.gfctl.core.store.VolumeRecord;

/**
 * The rules for separation of duties, least privilege and information in shared resources.
 *
 * <p>Each rule counts what it measured and names what broke it, so a finding's reason can be
 * checked by hand against the store (docs/compliance.md lists the rules).
 */
final class AccessChecks {
    private final FabricFacts facts;
    private final ComplianceSettings settings;
    private final Instant now;

    AccessChecks(FabricFacts facts, ComplianceSettings settings, Instant now) {
        this.facts = facts;
        this.settings = settings;
        this.now = now;
    }

    /** Owner keys differ from the guardian's; the guardian's three keys differ from each other. */
    Assessment separationOfDuties() {
        String g = facts.guardianFingerprint();
        List<String> guardianOnly = new ArrayList<>();
        int guardianSigned = 0;
        List<String> rows = new ArrayList<>();
        for (VolumeRecord v : facts.volumes()) {
            List<String> owners = v.recipients().stream().map(VolumeRecord::fingerprintOf).filter(f -> !f.equals(g)).toList();
            if (owners.isEmpty()) {
                guardianOnly.add(v.name());
            }
            if (VolumeRecord.fingerprintOf(v.signer()).equals(g)) {
                guardianSigned++;
            }
            rows.add(v.uuid() + " " + v.signer() + " " + String.join(",", v.recipients()));
        }
        long keys = facts.guardian().stream().map(GuardianCertificate::keyDigest).distinct().count();
        boolean keysApart = keys == facts.guardian().size();
        int n = facts.volumes().size();
        String volumes = guardianOnly.isEmpty()
                ? (n == 0 ? "no volume inventoried" : (n == 1 ? "the " : "all ") + Plain.count(n, "inventoried volume")
                        + " wrapped to an owner key other than the guardian's"
                        + (guardianSigned > 0 ? " (" + guardianSigned + " signed by the guardian on its owner's behalf)" : ""))
                : guardianOnly.size() + " of " + Plain.count(n, "inventoried volume") + " wrapped only to the guardian's key ("
                        + Plain.names(guardianOnly) + ")";
        String split = facts.guardian().isEmpty() ? "guardian certificates not available"
                : keysApart ? "guardian keys distinct (" + facts.guardian().stream().map(GuardianCertificate::role)
                        .collect(Collectors.joining(", ")) + ")" : "guardian roles share a key (" + keys + " keys for " + facts.guardian().size() + " roles)";
        boolean ok = guardianOnly.isEmpty() && keysApart;
        String reason = (ok && n > 0 ? "owner and guardian keys held by distinct principals: " : "") + volumes + "; " + split;
        Observation perVolume = new Observation("owner-keys", "Owner and guardian keys per volume", Method.TEST,
                "Key-protector signer and recipients of every inventoried volume compared with the guardian's encryption"
                        + " certificate " + g + ": " + volumes + ".",
                volumeSubjects(facts.volumes()), Plain.sha256(rows), "volumes rows (uuid, signer, recipients)");
        Observation guardian = new Observation("guardian-keys", "Guardian key separation", Method.EXAMINE,
                "Public keys of the guardian certificates compared: " + split + ".", guardianSubjects(),
                Plain.sha256(facts.guardian().stream().map(c -> c.role() + " " + c.fingerprint() + " " + c.keyDigest()).toList()),
                "guardian certificates (role, fingerprint, key digest)");
        return new Assessment("separation-of-duties", ok ? Finding.SATISFIED : Finding.NOT_SATISFIED, reason,
                List.of(perVolume, guardian));
    }

    /** Every key granted in the period went to the host holding a valid, unrevoked health certificate. */
    Assessment leastPrivilege() {
        List<KeyReleases.Decision> recent = facts.releases().stream()
                .filter(r -> !r.createdAt().isBefore(now.minus(settings.period()))).toList();
        long refused = recent.stream().filter(r -> !"released".equals(r.result())).count();
        List<String> unjustified = recent.stream().filter(r -> "released".equals(r.result()) && !justified(r))
                .map(r -> "#" + r.id() + " to " + r.hostName()).toList();
        Set<String> policies = Set.copyOf(facts.policies());
        long bound = facts.volumes().stream().filter(v -> v.releasePolicy() != null
                && (policies.contains(v.releasePolicy()) || "default".equals(v.releasePolicy()))).count();
        String days = Plain.span(settings.period());
        String releases = refused + " of " + Plain.count(recent.size(), "key release") + " in the last " + days + " refused";
        String volumes = bound + " of " + Plain.count(facts.volumes().size(), "volume") + " bound to a defined release policy";
        Finding finding;
        String reason;
        if (recent.isEmpty() && facts.volumes().isEmpty()) {
            finding = Finding.NOT_APPLICABLE;
            reason = "no volume inventoried and no key release in the last " + days;
        } else if (unjustified.isEmpty()) {
            finding = Finding.SATISFIED;
            reason = releases + "; every granted release went to a host holding a valid health certificate; " + volumes;
        } else {
            finding = Finding.NOT_SATISFIED;
            reason = unjustified.size() + " of " + Plain.count(recent.size(), "key release")
                    + " granted without a valid health certificate for the host (" + Plain.names(unjustified) + "); " + volumes;
        }
        List<String> refusals = recent.stream().filter(r -> !"released".equals(r.result()))
                .map(r -> r.hostName() + ": " + r.reason()).toList();
        Observation o = new Observation("key-releases", "Key-release decisions", Method.TEST,
                releases + (refusals.isEmpty() ? "" : " (" + Plain.names(refusals) + ")") + "; " + volumes + ".",
                hostSubjects(recent.stream().map(KeyReleases.Decision::hostName).distinct().toList()),
                Plain.sha256(recent.stream().map(AccessChecks::row).toList()), "key_releases rows in the period");
        return new Assessment("least-privilege", finding, reason, List.of(o));
    }

    /** Granted keys were wrapped to a TPM binding key; removed hosts keep no usable health certificate. */
    Assessment sharedResources() {
        List<KeyReleases.Decision> granted = facts.releases().stream().filter(r -> "released".equals(r.result())).toList();
        List<String> unwrapped = granted.stream().filter(r -> r.healthSerial() == null).map(r -> "#" + r.id()).toList();
        List<String> stale = new ArrayList<>();
        List<HostRecord> removed = facts.hosts().stream().filter(h -> !h.active()).toList();
        for (HostRecord h : removed) {
            for (HealthCertificates.Issued c : facts.certificates()) {
                if (c.hostName().equals(h.name()) && c.revokedAt() == null && c.notAfter().isAfter(now)) {
                    stale.add("host " + h.name() + " was removed " + Plain.span(java.time.Duration.between(h.removedAt(), now))
                            + " ago but its health certificate " + c.serial() + " is valid for "
                            + Plain.span(java.time.Duration.between(now, c.notAfter())) + " more and not revoked");
                }
            }
        }
        String wrapped = granted.isEmpty() ? "no key released" : (granted.size() == 1 ? "the" : "all") + " "
                + Plain.count(granted.size(), "granted key release") + " wrapped to a TPM-resident binding key";
        String hosts = removed.isEmpty() ? "no removed host" : Plain.count(removed.size(), "removed host")
                + ", " + (stale.isEmpty() ? "no valid health certificate left to any" : stale.size() + " with one still valid");
        Finding finding;
        String reason;
        if (facts.hosts().isEmpty() && granted.isEmpty()) {
            finding = Finding.NOT_APPLICABLE;
            reason = "no host enrolled and no key released: no shared host has held tenant keys";
        } else if (unwrapped.isEmpty() && stale.isEmpty() && secretColumns().isEmpty()) {
            finding = Finding.SATISFIED;
            reason = wrapped + "; " + hosts + "; " + schemaWords();
        } else {
            finding = Finding.NOT_SATISFIED;
            List<String> why = new ArrayList<>(stale);
            if (!secretColumns().isEmpty()) {
                why.add(schemaWords());
            }
            if (!unwrapped.isEmpty()) {
                why.add(unwrapped.size() + " granted key release(s) without a health certificate (" + Plain.names(unwrapped) + ")");
            }
            reason = String.join("; ", why);
        }
        Observation o = new Observation("shared-hosts", "Keys on shared hosts", Method.TEST, wrapped + "; " + hosts + ".",
                hostSubjects(facts.hosts().stream().map(HostRecord::name).toList()),
                Plain.sha256(facts.hosts().stream().map(h -> h.name() + " " + h.enrolledAt() + " " + h.removedAt()).toList()),
                "hosts rows (name, enrolled, removed)");
        Observation schema = storeSchema();
        return new Assessment("shared-resources", finding, reason, List.of(o, schema));
    }

    /** Column names that would hold key material (none of gfctl's tables has one). */
    private static final java.util.regex.Pattern SECRET_COLUMN = java.util.regex.Pattern.compile(
            "\\.[a-z_]*(secret|passphrase|password|private|unlock|volume_key|master_key|plaintext)[a-z_]* ");

    private List<String> secretColumns() {
        return facts.storeColumns().stream().filter(c -> SECRET_COLUMN.matcher(c + " ").find()).toList();
    }

    private String schemaWords() {
        if (facts.storeColumns().isEmpty()) {
            return "the store's schema was not examined";
        }
        List<String> suspect = secretColumns();
        long tables = facts.storeColumns().stream().map(c -> c.substring(0, c.indexOf('.'))).distinct().count();
        return suspect.isEmpty() ? "no column of the store's " + tables + " tables (" + facts.storeColumns().size()
                + " columns) is made to hold a secret, private key or passphrase"
                : "store columns named for secrets: " + String.join(", ", suspect);
    }

    /** The store's schema examined for columns made to hold key material. */
    private Observation storeSchema() {
        return new Observation("store-schema", "No key material in the store", Method.EXAMINE, schemaWords() + ";"
                + " unlock secrets exist only inside CMS key protectors and released keys only wrapped to a host's TPM.",
                List.of(), facts.storeColumns().isEmpty() ? null : Plain.sha256(facts.storeColumns()),
                facts.storeColumns().isEmpty() ? null : "store columns (table.column type)");
    }

    private boolean justified(KeyReleases.Decision r) {
        return facts.certificates().stream().anyMatch(c -> c.serial().equals(r.healthSerial()) && c.hostName().equals(r.hostName())
                && !r.createdAt().isBefore(c.notBefore()) && !r.createdAt().isAfter(c.notAfter())
                && (c.revokedAt() == null || c.revokedAt().isAfter(r.createdAt())));
    }

    private static String row(KeyReleases.Decision r) {
        return r.id() + " " + r.volumeUuid() + " " + r.hostName() + " " + r.healthSerial() + " " + r.result() + " " + r.createdAt();
    }

    static List<Subject> volumeSubjects(List<VolumeRecord> volumes) {
        return volumes.stream().map(v -> new Subject("inventory-item", "volume:" + v.uuid(), "volume " + v.name() + " " + v.uuid()))
                .toList();
    }

    static List<Subject> hostSubjects(List<String> hosts) {
        return hosts.stream().map(h -> new Subject("inventory-item", "host:" + h, "host " + h)).toList();
    }

    private List<Subject> guardianSubjects() {
        return facts.guardian().stream().map(c -> new Subject("component", "guardian-key:" + c.fingerprint(),
                c.role() + " key " + c.subject())).toList();
    }
}
