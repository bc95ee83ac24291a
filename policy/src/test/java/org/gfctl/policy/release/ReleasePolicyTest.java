package org.gfctl.policy.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gfctl.policy.Metadata;
import org.gfctl.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

/** {@link ReleasePolicy}: rules match by host group, name glob, owner and label; certificate age is bounded. */
class ReleasePolicyTest {
    static final String OWNER_A = "aa".repeat(32);
    static final String OWNER_B = "bb".repeat(32);

    static ReleasePolicy policy() {
        return new ReleasePolicy(Metadata.of("tenants"), List.of(
                new ReleaseRule(Optional.of("web"), List.of("prod-*"), new VolumeMatch(List.of("web-??"), List.of(), Map.of())),
                new ReleaseRule(Optional.empty(), List.of("dr"), new VolumeMatch(List.of(), List.of(OWNER_A), Map.of())),
                new ReleaseRule(Optional.of("critical"), List.of("*"),
                        new VolumeMatch(List.of(), List.of(), Map.of("tier", "critical", "region", "eu")))),
                Duration.ofHours(8), true);
    }

    static ReleaseDecision decide(String group, Volume v, Duration age) {
        return policy().evaluate(group, v, age);
    }

    @Test
    void hostGroupAndNameGlob_release_namingTheRule() {
        ReleaseDecision d = decide("prod-east", Volume.of("web-01", OWNER_B), Duration.ofHours(1));
        assertThat(d.released()).isTrue();
        assertThat(d.rule()).contains("spec.rules[0] (web)");
        assertThat(d.allowCaching()).isTrue();
        assertThat(d.explanation()).isEqualTo("spec.rules[0] (web) releases volume web-01 to host group prod-east");
    }

    @Test
    void ownerFingerprint_releasesToItsGroupOnly() {
        assertThat(decide("dr", Volume.of("db", OWNER_A.toUpperCase()), Duration.ZERO).rule()).contains("spec.rules[1]");
        assertThat(decide("dr", Volume.of("db", OWNER_B), Duration.ZERO).released()).isFalse();
        assertThat(decide("prod-east", Volume.of("db", OWNER_A), Duration.ZERO).released()).isFalse();
    }

    @Test
    void labels_mustAllMatch() {
        Volume both = new Volume("x", OWNER_B, Map.of("tier", "critical", "region", "eu", "extra", "1"));
        Volume one = new Volume("x", OWNER_B, Map.of("tier", "critical", "region", "us"));
        assertThat(decide("anything", both, Duration.ZERO).rule()).contains("spec.rules[2] (critical)");
        ReleaseDecision d = decide("anything", one, Duration.ZERO);
        assertThat(d.released()).isFalse();
        assertThat(d.explanation()).contains("spec.rules[2] (critical): label region=eu wanted, volume has region=us");
    }

    @Test
    void noMatch_isDenied_withEveryRulesReason() {
        ReleaseDecision d = decide("prod-east", Volume.of("web-001", OWNER_B), Duration.ofHours(1));
        assertThat(d.released()).isFalse();
        assertThat(d.rule()).isEmpty();
        assertThat(d.allowCaching()).isFalse();
        assertThat(d.explanation()).isEqualTo("no rule of policy tenants releases volume web-001 to host group prod-east: "
                + "spec.rules[0] (web): name web-001 matches none of [web-??]; "
                + "spec.rules[1]: host group prod-east matches none of [dr]; "
                + "spec.rules[2] (critical): label region=eu wanted, volume has no region; "
                + "label tier=critical wanted, volume has no tier");
    }

    @Test
    void healthCertificateOlderThanTheMaximum_isDenied_evenIfARuleMatches() {
        assertThat(decide("prod-east", Volume.of("web-01", OWNER_B), Duration.ofHours(8)).released()).isTrue();
        ReleaseDecision d = decide("prod-east", Volume.of("web-01", OWNER_B), Duration.ofHours(8).plusSeconds(1));
        assertThat(d.released()).isFalse();
        assertThat(d.explanation()).isEqualTo(
                "health certificate is PT8H1S old; policy tenants accepts at most PT8H (re-attest the host)");
    }

    @Test
    void toYaml_readsBackIdentically() {
        ReleasePolicy back = (ReleasePolicy) PolicyLoader.parse("r.yaml", policy().toYaml(), null);
        assertThat(back).isEqualTo(policy());
        assertThat(back.digest()).isEqualTo(policy().digest());
    }

    @Test
    void emptyVolumeMatch_isRefused() {
        assertThatThrownBy(() -> new VolumeMatch(List.of(), List.of(), Map.of())).hasMessageContaining("names: [\"*\"]");
    }

    @Test
    void documentErrors_inRules_areReportedWithPaths() {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> PolicyLoader.parse("r.yaml", """
                apiVersion: gfctl.io/v1
                kind: ReleasePolicy
                metadata: {name: r}
                spec:
                  rules:
                    - hostGroups: []
                      volumes: {owners: [abc]}
                    - hostGroups: [a]
                      volumes: {names: []}
                  maxHealthCertificateAge: -PT1H
                """, null));
        assertThat(((org.gfctl.policy.PolicyValidationException) t).errors()).extracting(Object::toString).containsExactly(
                "6:19: spec.rules[0].hostGroups: needs at least one host group (globs allowed)",
                "7:26: spec.rules[0].volumes.owners[0]: owner certificate sha256 fingerprint must be 64 hex digits, not 3",
                "9:17: spec.rules[1].volumes: must name at least one of names, owners, labels (names: [\"*\"] for every volume)",
                "10:28: spec.maxHealthCertificateAge: must be positive, not -PT1H");
    }
}
