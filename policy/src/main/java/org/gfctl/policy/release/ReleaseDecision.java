package org.gfctl.policy.release;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether a volume's key may be released to a host, which rule decided it, and why.
 *
 * @param released     true if the key may be released
 * @param rule         the matching rule ({@code spec.rules[1]}, with its name if it has one); empty when denied
 * @param allowCaching whether the host may keep the released key across reboots; false when denied
 * @param explanation  a sentence for the operator and the audit log
 */
public record ReleaseDecision(boolean released, Optional<String> rule, boolean allowCaching, String explanation) {

    public ReleaseDecision {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(explanation, "explanation");
        if (!released && (rule.isPresent() || allowCaching)) {
            throw new IllegalArgumentException("a denial names no rule and allows no caching");
        }
    }

    static ReleaseDecision release(String rule, boolean allowCaching, String explanation) {
        return new ReleaseDecision(true, Optional.of(rule), allowCaching, explanation);
    }

    static ReleaseDecision deny(String explanation) {
        return new ReleaseDecision(false, Optional.empty(), false, explanation);
    }
}
