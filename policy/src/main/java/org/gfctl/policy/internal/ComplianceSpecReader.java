package org.gfctl.policy.internal;

import org.gfctl.policy.Metadata;
import org.gfctl.policy.compliance.CompliancePolicy;
import org.gfctl.policy.compliance.Thresholds;

/** Checks the {@code spec} of a {@code CompliancePolicy} and builds the policy from it. */
public final class ComplianceSpecReader {
    private ComplianceSpecReader() {}

    /** The policy, or {@code null} if {@code errors} gained any error (or {@code metadata} is null). */
    public static CompliancePolicy read(Metadata metadata, Node spec, Errors errors) {
        int before = errors.size();
        Fields f = Fields.of(spec, "spec", errors, "cryptoperiodDays", "verificationWindowDays", "periodDays");
        if (f == null) {
            return null;
        }
        Integer cryptoperiod = f.integer("cryptoperiodDays", 1, CompliancePolicy.MAX_DAYS);
        Integer window = f.integer("verificationWindowDays", 1, CompliancePolicy.MAX_DAYS);
        Integer period = f.integer("periodDays", 1, CompliancePolicy.MAX_DAYS);
        if (errors.size() > before || metadata == null) {
            return null;
        }
        Thresholds d = Thresholds.DEFAULTS;
        return new CompliancePolicy(metadata, new Thresholds(cryptoperiod == null ? d.cryptoperiodDays() : cryptoperiod,
                window == null ? d.verificationWindowDays() : window, period == null ? d.periodDays() : period));
    }
}
