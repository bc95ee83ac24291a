package org.gfctl.policy.release;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gfctl.policy.Metadata;
import org.gfctl.policy.PolicyDocument;
import org.gfctl.policy.internal.Durations;

/**
 * A {@code ReleasePolicy} document: which host groups may receive which volumes' keys, and how
 * fresh the host's health certificate must be.
 *
 * <p>Attestation says a host is healthy; this policy says what a healthy host is trusted with
 * (HGS leaves this to whoever holds the key protector; gfctl's guardian decides it per volume).
 * Rules are tried in order and the first match releases; no match denies.
 *
 * @param maxHealthCertificateAge a health certificate older than this is refused (positive, at most 7 days)
 * @param allowCaching            whether hosts may keep released keys across reboots
 */
public record ReleasePolicy(Metadata metadata, List<ReleaseRule> rules, Duration maxHealthCertificateAge,
        boolean allowCaching) implements PolicyDocument {

    public static final String KIND = "ReleasePolicy";
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(8);
    public static final Duration MAX_AGE_LIMIT = Duration.ofDays(7);

    public ReleasePolicy {
        Objects.requireNonNull(metadata, "metadata");
        rules = List.copyOf(rules);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("spec.rules: at least one rule is required");
        }
        Objects.requireNonNull(maxHealthCertificateAge, "maxHealthCertificateAge");
        if (maxHealthCertificateAge.isNegative() || maxHealthCertificateAge.isZero()
                || maxHealthCertificateAge.compareTo(MAX_AGE_LIMIT) > 0) {
            throw new IllegalArgumentException("spec.maxHealthCertificateAge: must be positive and at most "
                    + Durations.format(MAX_AGE_LIMIT) + ", not " + Durations.format(maxHealthCertificateAge));
        }
    }

    /**
     * Whether {@code volume}'s key may be released to a host of {@code hostGroup} whose health
     * certificate was issued {@code healthCertificateAge} ago.
     */
    public ReleaseDecision evaluate(String hostGroup, Volume volume, Duration healthCertificateAge) {
        Objects.requireNonNull(hostGroup, "hostGroup");
        Objects.requireNonNull(volume, "volume");
        if (healthCertificateAge.isNegative()) {
            throw new IllegalArgumentException("health certificate age must not be negative: " + healthCertificateAge);
        }
        if (healthCertificateAge.compareTo(maxHealthCertificateAge) > 0) {
            return ReleaseDecision.deny("health certificate is " + Durations.format(healthCertificateAge) + " old; policy " + name()
                    + " accepts at most " + Durations.format(maxHealthCertificateAge) + " (re-attest the host)");
        }
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            ReleaseRule rule = rules.get(i);
            String label = "spec.rules[" + i + "]" + rule.name().map(n -> " (" + n + ")").orElse("");
            Optional<String> why = rule.mismatch(hostGroup, volume);
            if (why.isEmpty()) {
                return ReleaseDecision.release(label, allowCaching, label + " releases volume " + volume.name()
                        + " to host group " + hostGroup);
            }
            misses.add(label + ": " + why.get());
        }
        return ReleaseDecision.deny("no rule of policy " + name() + " releases volume " + volume.name()
                + " to host group " + hostGroup + ": " + String.join("; ", misses));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, Object> toTree() {
        List<Object> ruleTrees = new ArrayList<>();
        for (ReleaseRule r : rules) {
            Map<String, Object> volumes = new LinkedHashMap<>();
            volumes.put("names", r.volumes().names());
            volumes.put("owners", r.volumes().owners());
            volumes.put("labels", r.volumes().labels());
            Map<String, Object> rule = new LinkedHashMap<>();
            r.name().ifPresent(n -> rule.put("name", n));
            rule.put("hostGroups", r.hostGroups());
            rule.put("volumes", volumes);
            ruleTrees.add(rule);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("rules", ruleTrees);
        spec.put("maxHealthCertificateAge", maxHealthCertificateAge.toString());
        spec.put("allowCaching", allowCaching);
        return PolicyDocument.tree(KIND, metadata, spec);
    }
}
