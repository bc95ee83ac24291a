package org.gfctl.policy.attestation;

import java.util.Objects;

/**
 * The outcome of one policy rule: which rule (its path in the policy document), whether it
 * passed, what it expected, what the evidence showed, and a sentence saying so.
 *
 * <p>Every attestation decision must be explainable (DESIGN.md, attestation evidence): an
 * operator reading a failed attestation sees the rule, the expected and the actual value.
 */
public record RuleResult(String rule, boolean passed, String expected, String actual, String explanation) {

    public RuleResult {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(explanation, "explanation");
    }

    static RuleResult pass(String rule, String expected, String actual, String explanation) {
        return new RuleResult(rule, true, expected, actual, explanation);
    }

    static RuleResult fail(String rule, String expected, String actual, String explanation) {
        return new RuleResult(rule, false, expected, actual, explanation);
    }
}
