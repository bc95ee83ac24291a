package org.gfctl.policy.attestation;

import java.util.List;
import java.util.Objects;

/**
 * The result of evaluating an attestation policy: every rule evaluated, passed or not, and the
 * policy it came from (name and digest, for the health certificate and the audit log).
 */
public record Verdict(String policyName, String policyDigest, List<RuleResult> results) {

    public Verdict {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(policyDigest, "policyDigest");
        results = List.copyOf(results);
        if (results.isEmpty()) {
            throw new IllegalArgumentException("a verdict needs at least one evaluated rule");
        }
    }

    /** True if and only if every rule passed. */
    public boolean passed() {
        return results.stream().allMatch(RuleResult::passed);
    }

    /** The rules that failed, in evaluation order; empty when {@link #passed()}. */
    public List<RuleResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    /** One line per failed rule, or "passed" — for exception messages and logs. */
    public String summary() {
        if (passed()) {
            return "policy " + policyName + ": passed (" + results.size() + " rules)";
        }
        StringBuilder b = new StringBuilder("policy " + policyName + ": failed " + failures().size() + " of "
                + results.size() + " rules");
        failures().forEach(f -> b.append("\n  ").append(f.rule()).append(": ").append(f.explanation()));
        return b.toString();
    }
}
