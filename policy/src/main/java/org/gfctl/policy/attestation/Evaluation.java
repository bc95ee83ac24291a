package org.gfctl.policy.attestation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gfctl.policy.internal.Hex;

/**
 * Applies each rule of an {@link AttestationPolicy} to {@link Evidence}.
 *
 * <p>Every rule is evaluated even after one fails, so that an operator fixing a host sees all
 * its deviations in one report. Rules are named by their path in the policy document.
 */
final class Evaluation {
    private static final int SHOWN = 16;

    private Evaluation() {}

    static List<RuleResult> of(AttestationPolicy policy, Evidence evidence) {
        List<RuleResult> results = new ArrayList<>();
        String bank = policy.pcrBank().bankName();
        boolean sameBank = PcrBank.named(evidence.bank()).map(policy.pcrBank()::equals).orElse(false);
        results.add(sameBank
                ? RuleResult.pass("spec.pcrBank", bank, evidence.bank(), "quote is from the " + bank + " bank")
                : RuleResult.fail("spec.pcrBank", bank, evidence.bank(),
                        "expected a quote from the " + bank + " bank, got the " + evidence.bank() + " bank"));
        for (Map.Entry<Integer, List<String>> e : policy.pcrs().entrySet()) {
            results.add(pcr(e.getKey(), e.getValue(), sameBank ? evidence.pcr(e.getKey()) : null, sameBank));
        }
        EventLogRules rules = policy.eventLog();
        if (rules.requireSecureBoot()) {
            results.add(secureBoot(evidence));
        }
        if (!rules.allowedBootApplications().isEmpty()) {
            results.add(bootApplications(rules.allowedBootApplications(), evidence));
        }
        for (int i = 0; i < rules.forbiddenEvents().size(); i++) {
            results.add(forbidden(i, rules.forbiddenEvents().get(i), evidence));
        }
        return results;
    }

    private static RuleResult pcr(int index, List<String> allowed, byte[] quoted, boolean sameBank) {
        String rule = "spec.pcrs." + index;
        String expected = "one of " + shorten(allowed);
        if (quoted == null) {
            String why = sameBank ? "not quoted" : "not quoted in the policy's bank";
            return RuleResult.fail(rule, expected, why, "PCR " + index + ": expected " + expected + ", but it was " + why);
        }
        String actual = Hex.encode(quoted);
        return allowed.contains(actual)
                ? RuleResult.pass(rule, expected, actual, "PCR " + index + " has an allowed value")
                : RuleResult.fail(rule, expected, actual, "PCR " + index + ": expected " + expected + ", got " + actual);
    }

    private static RuleResult secureBoot(Evidence evidence) {
        String rule = "spec.eventLog.requireSecureBoot";
        List<Boolean> seen = evidence.events().stream().map(EventFact::secureBoot).flatMap(Optional::stream).toList();
        if (seen.isEmpty()) {
            return RuleResult.fail(rule, "SecureBoot enabled", "no SecureBoot variable in the event log",
                    "Secure Boot required, but the event log never measures the SecureBoot variable");
        }
        if (seen.contains(Boolean.FALSE)) {
            return RuleResult.fail(rule, "SecureBoot enabled", "SecureBoot disabled",
                    "Secure Boot required, but the event log shows it disabled");
        }
        return RuleResult.pass(rule, "SecureBoot enabled", "SecureBoot enabled", "the event log shows Secure Boot enabled");
    }

    private static RuleResult bootApplications(List<String> allowed, Evidence evidence) {
        String rule = "spec.eventLog.allowedBootApplications";
        List<String> seen = evidence.events().stream().filter(e -> e.type().equals(EventFact.BOOT_APPLICATION))
                .map(EventFact::sha256).toList();
        List<String> unknown = seen.stream().filter(d -> !allowed.contains(d)).distinct().toList();
        String expected = "only " + shorten(allowed);
        if (unknown.isEmpty()) {
            return RuleResult.pass(rule, expected, shorten(seen), seen.size() + " boot application(s), all allowed");
        }
        return RuleResult.fail(rule, expected, shorten(seen), "boot application(s) not allowed by the policy: "
                + shorten(unknown));
    }

    private static RuleResult forbidden(int i, ForbiddenEvent f, Evidence evidence) {
        String rule = "spec.eventLog.forbiddenEvents[" + i + "]";
        List<EventFact> hits = evidence.events().stream().filter(f::matches).toList();
        if (hits.isEmpty()) {
            return RuleResult.pass(rule, "no " + f.describe(), "none", "no " + f.describe() + " in the event log");
        }
        EventFact first = hits.get(0);
        String actual = hits.size() + " event(s), first in PCR " + first.pcr() + " with digest " + first.sha256();
        return RuleResult.fail(rule, "no " + f.describe(), actual, "forbidden event " + f.describe() + " found: " + actual);
    }

    /** Lists at most {@value #SHOWN} values, so that one explanation stays readable. */
    private static String shorten(List<String> values) {
        if (values.size() <= SHOWN) {
            return values.toString();
        }
        return values.subList(0, SHOWN) + " and " + (values.size() - SHOWN) + " more";
    }
}
