package org.gfctl.policy.compliance;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gfctl.policy.Metadata;
import org.gfctl.policy.PolicyDocument;

/**
 * A fabric's own compliance thresholds, replacing the catalogue's: the cryptoperiod its key
 * management policy sets (PCI DSS 3.6.4, NIST SC-12 / SP 800-57), the window within which every
 * volume must have been verified, and the period over which refusals and failures are counted.
 * Stored with {@code gfctl policy validate --apply}; {@code gfctl audit report} uses the one named
 * {@value #NAME} (policy names are one namespace for every kind, and "default" is the release
 * policy's).
 *
 * <pre>
 * apiVersion: gfctl.io/v1
 * kind: CompliancePolicy
 * metadata: {name: compliance}
 * spec: {cryptoperiodDays: 180, verificationWindowDays: 7, periodDays: 30}
 * </pre>
 *
 * Fields left out take {@link Thresholds#DEFAULTS} (365, 30 and 30 days, the built-in catalogue's values).
 */
public record CompliancePolicy(Metadata metadata, Thresholds thresholds) implements PolicyDocument {
    public static final String KIND = "CompliancePolicy";
    /** The name of the policy reports use. */
    public static final String NAME = "compliance";
    /** Upper bound of each threshold: ten years. */
    public static final int MAX_DAYS = 3650;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, Object> toTree() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("cryptoperiodDays", thresholds.cryptoperiodDays());
        spec.put("verificationWindowDays", thresholds.verificationWindowDays());
        spec.put("periodDays", thresholds.periodDays());
        return PolicyDocument.tree(KIND, metadata, spec);
    }
}
