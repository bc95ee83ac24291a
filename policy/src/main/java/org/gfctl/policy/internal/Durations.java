package org.gfctl.policy.internal;

import java.time.Duration;

/** ISO-8601 durations for messages: whole days as {@code P7D}, not {@link Duration#toString()}'s {@code PT168H}. */
public final class Durations {
    private Durations() {}

    public static String format(Duration d) {
        long days = d.toDays();
        if (days == 0 || d.isNegative()) {
            return d.toString();
        }
        Duration rest = d.minusDays(days);
        return "P" + days + "D" + (rest.isZero() ? "" : rest.toString().substring(1));
    }
}
