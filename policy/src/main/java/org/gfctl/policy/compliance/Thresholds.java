package org.gfctl.policy.compliance;

/**
 * The thresholds a compliance report measures against, set in the catalogue (one place to change
 * them, beside the controls they serve).
 *
 * @param cryptoperiodDays how long a volume key, or a guardian key, may be used before it must be
 *     rotated (PCI DSS 3.6.4, NIST SC-12 / SP 800-57)
 * @param verificationWindowDays a volume not verified (or shielded) within this many days is flagged
 * @param periodDays key releases and attestations are counted over this many days
 */
public record Thresholds(int cryptoperiodDays, int verificationWindowDays, int periodDays) {

    /** One-year cryptoperiod, 30-day verification window and period. */
    public static final Thresholds DEFAULTS = new Thresholds(365, 30, 30);
}
