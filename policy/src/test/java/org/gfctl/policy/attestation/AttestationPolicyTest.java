package org.gfctl.policy.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gfctl.policy.Metadata;
import org.gfctl.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

/** {@link AttestationPolicy}: evaluation with explanations, baselines, and the YAML round trip. */
class AttestationPolicyTest {
    static final String PCR0 = "a0".repeat(32);
    static final String PCR7 = "56c7ba6010e0a8a20c92e3d08baebcf2a7e6544fed33c3ea9523eaa6cd74537a";
    static final String SHIM = "94896c17d49fc8c8df0cc2836611586edab1615ce7cb58cf13fc5798de56b367";
    static final String ROGUE = "ee".repeat(32);
    static final String SB_DIGEST = "11".repeat(32);

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static AttestationPolicy policy() {
        return new AttestationPolicy(Metadata.of("prod"), List.of(), PcrBank.SHA256,
                Map.of(0, List.of(PCR0), 7, List.of(PCR7, "00".repeat(32))),
                new EventLogRules(true, List.of(SHIM), List.of(ForbiddenEvent.type("EV_EFI_HANDOFF_TABLES2"))),
                Duration.ofHours(8));
    }

    static List<EventFact> goodEvents() {
        return List.of(
                EventFact.secureBoot("EV_EFI_VARIABLE_DRIVER_CONFIG", 7, SB_DIGEST, true),
                EventFact.of("EV_SEPARATOR", 7, "22".repeat(32)),
                EventFact.of(EventFact.BOOT_APPLICATION, 4, SHIM));
    }

    static Evidence goodEvidence() {
        return Evidence.create("sha256", Map.of(0, bytes(PCR0), 7, bytes(PCR7), 4, bytes("33".repeat(32))), goodEvents());
    }

    @Test
    void healthyHost_passesEveryRule() {
        Verdict v = policy().evaluate(goodEvidence());
        assertThat(v.passed()).isTrue();
        assertThat(v.failures()).isEmpty();
        assertThat(v.results()).extracting(RuleResult::rule).containsExactly("spec.pcrBank", "spec.pcrs.0", "spec.pcrs.7",
                "spec.eventLog.requireSecureBoot", "spec.eventLog.allowedBootApplications",
                "spec.eventLog.forbiddenEvents[0]");
        assertThat(v.policyName()).isEqualTo("prod");
        assertThat(v.policyDigest()).isEqualTo(policy().digest());
    }

    @Test
    void changedPcr_failsWithExpectedAndActualValues() {
        Evidence e = Evidence.create("sha256", Map.of(0, bytes(PCR0), 7, new byte[32]), goodEvents());
        Verdict v = new AttestationPolicy(Metadata.of("p"), List.of(), PcrBank.SHA256, Map.of(7, List.of(PCR7)),
                EventLogRules.NONE, Duration.ofHours(1)).evaluate(e);
        assertThat(v.passed()).isFalse();
        RuleResult r = v.failures().get(0);
        assertThat(r.rule()).isEqualTo("spec.pcrs.7");
        assertThat(r.expected()).isEqualTo("one of [" + PCR7 + "]");
        assertThat(r.actual()).isEqualTo("00".repeat(32));
        assertThat(r.explanation()).isEqualTo("PCR 7: expected one of [" + PCR7 + "], got " + "00".repeat(32));
    }

    @Test
    void unquotedPcr_fails() {
        Evidence e = Evidence.create("sha256", Map.of(7, bytes(PCR7)), goodEvents());
        RuleResult r = policy().evaluate(e).failures().get(0);
        assertThat(r.rule()).isEqualTo("spec.pcrs.0");
        assertThat(r.actual()).isEqualTo("not quoted");
    }

    @Test
    void quoteFromAnotherBank_failsTheBankAndEveryPcrRule() {
        Evidence e = Evidence.create("sha1", Map.of(0, new byte[20], 7, new byte[20]), goodEvents());
        Verdict v = policy().evaluate(e);
        assertThat(v.failures()).extracting(RuleResult::rule).containsExactly("spec.pcrBank", "spec.pcrs.0", "spec.pcrs.7");
        assertThat(v.failures().get(0).explanation()).isEqualTo("expected a quote from the sha256 bank, got the sha1 bank");
        assertThat(v.failures().get(1).actual()).isEqualTo("not quoted in the policy's bank");
    }

    @Test
    void eventLogDeviations_areEachExplained() {
        List<EventFact> events = List.of(
                EventFact.secureBoot("EV_EFI_VARIABLE_DRIVER_CONFIG", 7, SB_DIGEST, false),
                EventFact.of(EventFact.BOOT_APPLICATION, 4, SHIM),
                EventFact.of(EventFact.BOOT_APPLICATION, 4, ROGUE),
                EventFact.of("EV_EFI_HANDOFF_TABLES2", 1, "44".repeat(32)));
        Evidence e = Evidence.create("sha256", Map.of(0, bytes(PCR0), 7, bytes(PCR7)), events);
        Verdict v = policy().evaluate(e);
        assertThat(v.failures()).extracting(RuleResult::rule, RuleResult::explanation).containsExactly(
                org.assertj.core.groups.Tuple.tuple("spec.eventLog.requireSecureBoot",
                        "Secure Boot required, but the event log shows it disabled"),
                org.assertj.core.groups.Tuple.tuple("spec.eventLog.allowedBootApplications",
                        "boot application(s) not allowed by the policy: [" + ROGUE + "]"),
                org.assertj.core.groups.Tuple.tuple("spec.eventLog.forbiddenEvents[0]",
                        "forbidden event EV_EFI_HANDOFF_TABLES2 found: 1 event(s), first in PCR 1 with digest "
                                + "44".repeat(32)));
        assertThat(v.summary()).startsWith("policy prod: failed 3 of 6 rules\n  spec.eventLog.requireSecureBoot: ");
    }

    @Test
    void secureBootRequired_butNeverMeasured_fails() {
        Evidence e = Evidence.create("sha256", Map.of(0, bytes(PCR0), 7, bytes(PCR7)), List.of());
        RuleResult r = policy().evaluate(e).failures().get(0);
        assertThat(r.actual()).isEqualTo("no SecureBoot variable in the event log");
    }

    @Test
    void forbiddenEventWithDigest_onlyMatchesThatDigest() {
        ForbiddenEvent f = ForbiddenEvent.withDigest(EventFact.BOOT_APPLICATION, ROGUE.toUpperCase());
        assertThat(f.matches(EventFact.of(EventFact.BOOT_APPLICATION, 4, ROGUE))).isTrue();
        assertThat(f.matches(EventFact.of(EventFact.BOOT_APPLICATION, 4, SHIM))).isFalse();
    }

    @Test
    void baseline_admitsExactlyTheMeasuredState() {
        AttestationPolicy b = AttestationPolicy.baseline("host-1", goodEvidence(), Duration.ofHours(4));
        assertThat(b.pcrs()).containsOnlyKeys(0, 4, 7);
        assertThat(b.eventLog().requireSecureBoot()).isTrue();
        assertThat(b.eventLog().allowedBootApplications()).containsExactly(SHIM);
        assertThat(b.evaluate(goodEvidence()).passed()).isTrue();
        Evidence changed = Evidence.create("sha256", Map.of(0, bytes(PCR0), 7, new byte[32], 4, bytes("33".repeat(32))),
                goodEvents());
        assertThat(b.evaluate(changed).failures()).extracting(RuleResult::rule).containsExactly("spec.pcrs.7");
    }

    @Test
    void baselineWithoutSecureBoot_doesNotRequireIt() {
        AttestationPolicy b = AttestationPolicy.baseline("h", "sha1", Map.of(7, new byte[20]),
                List.of(EventFact.secureBoot("EV_EFI_VARIABLE_DRIVER_CONFIG", 7, SB_DIGEST, false)), Duration.ofHours(1));
        assertThat(b.eventLog().requireSecureBoot()).isFalse();
        assertThat(b.pcrBank()).isEqualTo(PcrBank.SHA1);
    }

    @Test
    void baselineToYaml_readsBackIdentically() {
        AttestationPolicy b = AttestationPolicy.baseline("host-1", goodEvidence(), Duration.ofHours(4));
        AttestationPolicy back = (AttestationPolicy) PolicyLoader.parse("baseline.yaml", b.toYaml(), null);
        assertThat(back).isEqualTo(b);
        assertThat(back.digest()).isEqualTo(b.digest());
    }

    @Test
    void fullPolicyToYaml_withCertificateAndForbiddenEvents_readsBackIdentically() throws Exception {
        AttestationPolicy example = PolicyLoader.loadAttestation(java.nio.file.Path.of("..", "docs", "examples",
                "attestation-policy.yaml"));
        String yaml = example.toYaml();
        assertThat(yaml).contains("-----BEGIN CERTIFICATE-----").doesNotContain("tpm-roots/");
        AttestationPolicy back = (AttestationPolicy) PolicyLoader.parse("again.yaml", yaml, null);
        assertThat(back).isEqualTo(example);
        assertThat(back.toYaml()).isEqualTo(yaml);
    }

    @Test
    void factories_refuseInvalidValues_sayingWhatWasExpected() {
        assertThatThrownBy(() -> new AttestationPolicy(Metadata.of("p"), List.of(), PcrBank.SHA1,
                Map.of(7, List.of(PCR7)), EventLogRules.NONE, Duration.ofHours(1)))
                .hasMessage("sha1 digest must be 40 hex digits, not 64");
        assertThatThrownBy(() -> new AttestationPolicy(Metadata.of("p"), List.of(), PcrBank.SHA256,
                Map.of(7, List.of(PCR7)), EventLogRules.NONE, Duration.ofDays(8)))
                .hasMessageContaining("at most P7D, not P8D");
        assertThatThrownBy(() -> Evidence.create("sha256", Map.of(24, new byte[32]), List.of()))
                .hasMessage("PCR index must be 0..23, not 24");
        assertThatThrownBy(() -> new EventFact("SEPARATOR", 7, PCR7, Optional.empty()))
                .hasMessageContaining("TCG name");
        assertThatThrownBy(() -> Metadata.of("Prod")).hasMessageContaining("DNS label");
    }
}
