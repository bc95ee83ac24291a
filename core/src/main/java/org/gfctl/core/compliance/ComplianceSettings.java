package org.gfctl.core.compliance;

import java.time.Duration;

/**
 * The thresholds the report's rules use.
 *
 * <p>Defaults follow common practice: a one-year cryptoperiod for data-encryption keys (NIST SP
 * 800-57 Part 1 §5.3.6 suggests up to two years for symmetric data keys; one is the usual policy),
 * a 30-day window for integrity verification and for the period whose refusals and failures are
 * counted.
 *
 * @param cryptoperiod       how long a volume key may be used before it must be rotated
 * @param verificationWindow a volume not verified (or shielded) within this is flagged
 * @param period             key releases and attestations counted over this window
 */
public record ComplianceSettings(Duration cryptoperiod, Duration verificationWindow, Duration period) {

    public ComplianceSettings {
        for (Duration d : new Duration[] {cryptoperiod, verificationWindow, period}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("compliance settings: durations must be positive, not " + d);
            }
        }
    }

    /** One-year cryptoperiod, 30-day verification window and period. */
    public static ComplianceSettings defaults() {
        return of(org.gfctl.policy.compliance.Thresholds.DEFAULTS);
    }

    /** The settings a catalogue's thresholds give. */
    public static ComplianceSettings of(org.gfctl.policy.compliance.Thresholds t) {
        return new ComplianceSettings(Duration.ofDays(t.cryptoperiodDays()), Duration.ofDays(t.verificationWindowDays()),
                Duration.ofDays(t.periodDays()));
    }

    public ComplianceSettings withCryptoperiod(Duration d) {
        return new ComplianceSettings(d, verificationWindow, period);
    }
}
