package org.gfctl.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gfctl.policy.attestation.AttestationPolicy;
import org.gfctl.policy.attestation.ForbiddenEvent;
import org.gfctl.policy.attestation.PcrBank;
import org.gfctl.policy.release.ReleasePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PolicyLoader}: good documents of both kinds, and every error reported with its position. */
class PolicyLoaderTest {
    static final String PCR7 = "56c7ba6010e0a8a20c92e3d08baebcf2a7e6544fed33c3ea9523eaa6cd74537a";
    static final String ZEROS = "0".repeat(64);

    @TempDir
    Path dir;

    static List<PolicyError> errors(String yaml) {
        try {
            PolicyLoader.parse("test.yaml", yaml, null);
        } catch (PolicyValidationException e) {
            return e.errors();
        }
        throw new AssertionError("document was accepted:\n" + yaml);
    }

    @Test
    void attestationPolicy_withDefaults_isParsed() {
        PolicyDocument doc = PolicyLoader.parse("a.yaml", """
                apiVersion: gfctl.io/v1
                kind: AttestationPolicy
                metadata:
                  name: prod
                spec:
                  pcrs:
                    7: ["%s", "%s"]
                """.formatted(PCR7.toUpperCase(), ZEROS), null);
        AttestationPolicy p = (AttestationPolicy) doc;
        assertThat(p.name()).isEqualTo("prod");
        assertThat(p.metadata().description()).isEmpty();
        assertThat(p.pcrBank()).isEqualTo(PcrBank.SHA256);
        assertThat(p.pcrs()).containsExactlyEntriesOf(java.util.Map.of(7, List.of(PCR7, ZEROS)));
        assertThat(p.healthCertificateLifetime()).isEqualTo(Duration.ofHours(8));
        assertThat(p.eventLog().requireSecureBoot()).isFalse();
        assertThat(p.trustedTpmRoots()).isEmpty();
    }

    @Test
    void unquotedDigitsOnlyDigest_isReadAsWritten_notAsANumber() {
        AttestationPolicy p = (AttestationPolicy) PolicyLoader.parse("a.yaml", """
                apiVersion: gfctl.io/v1
                kind: AttestationPolicy
                metadata: {name: p}
                spec:
                  pcrBank: sha1
                  pcrs: {0: [0000000000000000000000000000000000000001]}
                """, null);
        assertThat(p.pcrs().get(0)).containsExactly("0".repeat(39) + "1");
    }

    @Test
    void fullAttestationPolicy_withInlineAndFileRoots_isParsed() throws IOException {
        String pem = Files.readString(Path.of("src/test/resources/policy/tpm-root.pem"));
        Files.writeString(Files.createDirectories(dir.resolve("roots")).resolve("root.pem"), pem);
        String inline = pem.strip().replace("\n", "\n      ");
        Path file = Files.writeString(dir.resolve("p.yaml"), """
                apiVersion: gfctl.io/v1
                kind: AttestationPolicy
                metadata:
                  name: prod
                  description: production
                spec:
                  trustedTpmRoots:
                    - roots/root.pem
                    - |
                      %s
                  pcrBank: sha256
                  pcrs:
                    7: ["%s"]
                  eventLog:
                    requireSecureBoot: true
                    allowedBootApplications: ["%s"]
                    forbiddenEvents:
                      - EV_EFI_ACTION
                      - {type: EV_IPL, digest: "%s"}
                  healthCertificateLifetime: P1D
                """.formatted(inline, PCR7, ZEROS, PCR7));
        AttestationPolicy p = PolicyLoader.loadAttestation(file);
        assertThat(p.trustedTpmRoots()).hasSize(2);
        assertThat(p.trustedTpmRoots().get(0)).isEqualTo(p.trustedTpmRoots().get(1));
        assertThat(p.trustedTpmRoots().get(0).getSubjectX500Principal().getName()).contains("gfctl example TPM vendor root CA");
        assertThat(p.eventLog().requireSecureBoot()).isTrue();
        assertThat(p.eventLog().allowedBootApplications()).containsExactly(ZEROS);
        assertThat(p.eventLog().forbiddenEvents())
                .containsExactly(ForbiddenEvent.type("EV_EFI_ACTION"), ForbiddenEvent.withDigest("EV_IPL", PCR7));
        assertThat(p.healthCertificateLifetime()).isEqualTo(Duration.ofDays(1));
        assertThat(p.metadata().description()).contains("production");
    }

    @Test
    void releasePolicy_isParsed() {
        ReleasePolicy p = (ReleasePolicy) PolicyLoader.parse("r.yaml", """
                apiVersion: gfctl.io/v1
                kind: ReleasePolicy
                metadata: {name: tenant-a}
                spec:
                  rules:
                    - hostGroups: [prod]
                      volumes: {names: ["web-*"], labels: {tier: "1"}}
                  allowCaching: true
                """, null);
        assertThat(p.rules()).hasSize(1);
        assertThat(p.rules().get(0).volumes().labels()).containsEntry("tier", "1");
        assertThat(p.maxHealthCertificateAge()).isEqualTo(Duration.ofHours(8));
        assertThat(p.allowCaching()).isTrue();
    }

    @Test
    void eightMistakes_areAllReported_withTheirExactPositions() {
        List<PolicyError> errors = errors("""
                apiVersion: gfctl.io/v2
                kind: AttestationPolicy
                metadata:
                  name: Prod_Hosts
                spec:
                  pcrs:
                    7: ["abcd", "%s"]
                    8: ["0"]
                    9: []
                    24: ["%s"]
                  eventLog:
                    requireSecureBot: true
                  healthCertificateLifetime: P30D
                """.formatted(PCR7, PCR7));
        assertThat(errors).extracting(e -> e.line() + ":" + e.column() + " " + e.path()).containsExactly(
                "1:13 apiVersion",
                "4:9 metadata.name",
                "7:9 spec.pcrs.7[0]",
                "8:9 spec.pcrs.8[0]",
                "9:8 spec.pcrs.9",
                "10:5 spec.pcrs.24",
                "12:5 spec.eventLog.requireSecureBot",
                "13:30 spec.healthCertificateLifetime");
        assertThat(errors.get(0).message()).isEqualTo("must be gfctl.io/v1, not \"gfctl.io/v2\"");
        assertThat(errors.get(2).message()).isEqualTo("sha256 digest must be 64 hex digits, not 4");
        assertThat(errors.get(4).message()).isEqualTo("needs at least one allowed value");
        assertThat(errors.get(5).message()).isEqualTo("PCR index must be 0..23, not \"24\"");
        assertThat(errors.get(6).message()).startsWith("unknown field \"requireSecureBot\" (expected one of: requireSecureBoot,");
        assertThat(errors.get(7).message()).isEqualTo("must be at most P7D, not P30D");
    }

    @Test
    void unknownFields_areRejected_atEveryLevel() {
        List<PolicyError> errors = errors("""
                apiVersion: gfctl.io/v1
                kind: ReleasePolicy
                status: {}
                metadata: {name: r, labels: {}}
                spec:
                  rules:
                    - hostGroups: [a]
                      volume: {names: ["*"]}
                  allowCache: true
                """);
        assertThat(errors).extracting(PolicyError::path).containsExactly(
                "status", "metadata.labels", "spec.rules[0].volumes", "spec.rules[0].volume", "spec.allowCache");
        assertThat(errors.get(2)).hasToString("7:7: spec.rules[0].volumes: is required");
        assertThat(errors.get(3).message()).isEqualTo("unknown field \"volume\" (expected one of: name, hostGroups, volumes)");
    }

    @Test
    void wrongTypesAndMissingFields_areReported() {
        List<PolicyError> errors = errors("""
                kind: AttestationPolicy
                metadata:
                  description: [x]
                spec:
                  pcrBank: md5
                  pcrs: []
                  eventLog:
                    requireSecureBoot: "yes please"
                    forbiddenEvents: [ev_bad, {digest: "00"}]
                """);
        assertThat(errors).extracting(e -> e.line() + ":" + e.column() + " " + e.path() + ": " + e.message()).containsExactly(
                "1:1 apiVersion: is required",
                "3:3 metadata.name: is required",
                "3:16 metadata.description: must be a single value, not a list",
                "5:12 spec.pcrBank: must be one of sha1, sha256, sha384, sha512, not \"md5\"",
                "6:9 spec.pcrs: must map PCR indexes to lists of allowed values, not a list",
                "8:24 spec.eventLog.requireSecureBoot: must be true or false, not string \"yes please\"",
                "9:23 spec.eventLog.forbiddenEvents[0]: must be a TCG event type name such as EV_EFI_ACTION, not \"ev_bad\"",
                "9:32 spec.eventLog.forbiddenEvents[1].type: is required",
                "9:40 spec.eventLog.forbiddenEvents[1].digest: event sha256 digest must be 64 hex digits, not 2");
    }

    @Test
    void syntaxError_isOneErrorWithItsPosition() {
        List<PolicyError> errors = errors("apiVersion: gfctl.io/v1\nkind: [unclosed\n");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).hasToString("2:16: (document): not valid YAML: while parsing a flow sequence: "
                + "expected ',' or ']', but got <stream end>");
    }

    @Test
    void duplicateKey_isAnError() {
        List<PolicyError> errors = errors("""
                apiVersion: gfctl.io/v1
                kind: ReleasePolicy
                metadata: {name: r}
                spec:
                  rules: [{hostGroups: [a], volumes: {names: [x]}}]
                  allowCaching: false
                  allowCaching: true
                """);
        assertThat(errors).singleElement().hasToString(
                "7:3: spec.allowCaching: duplicate key \"allowCaching\" (first at line 6, column 3)");
    }

    @Test
    void emptyDocumentAndWrongKind_areReported() {
        assertThat(errors("")).singleElement().hasToString("1:1: (document): the document is empty");
        assertThat(errors("apiVersion: gfctl.io/v1\nkind: Policy\nmetadata: {name: a}\nspec: {}\n"))
                .singleElement().hasToString("2:7: kind: must be AttestationPolicy, ReleasePolicy or CompliancePolicy, not \"Policy\"");
    }

    @Test
    void certificateProblems_areReportedPerEntry() throws IOException {
        Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        Path file = Files.writeString(dir.resolve("p.yaml"), """
                apiVersion: gfctl.io/v1
                kind: AttestationPolicy
                metadata: {name: p}
                spec:
                  trustedTpmRoots: [missing.pem, junk.pem]
                  pcrs: {7: ["%s"]}
                """.formatted(PCR7));
        assertThatThrownBy(() -> PolicyLoader.load(file)).isInstanceOfSatisfying(PolicyValidationException.class, e -> {
            assertThat(e.errors()).extracting(PolicyError::path)
                    .containsExactly("spec.trustedTpmRoots[0]", "spec.trustedTpmRoots[1]");
            assertThat(e.errors().get(0).message()).startsWith("no certificate file ").endsWith("(paths are relative to the policy file)");
            assertThat(e.getMessage()).startsWith(file + ": invalid policy document, 2 errors\n" + file + ":5:21: ");
        });
    }

    @Test
    void missingFile_isNoSuchFileException() {
        assertThatThrownBy(() -> PolicyLoader.load(dir.resolve("nope.yaml"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void loadingTheWrongKind_isAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("r.yaml"), """
                apiVersion: gfctl.io/v1
                kind: ReleasePolicy
                metadata: {name: r}
                spec: {rules: [{hostGroups: [a], volumes: {names: [x]}}]}
                """);
        assertThatThrownBy(() -> PolicyLoader.loadAttestation(file)).isInstanceOf(PolicyValidationException.class)
                .hasMessageContaining("kind: must be AttestationPolicy here, not ReleasePolicy");
    }

    @Test
    void digest_ignoresFormattingAndComments_butNotContent() {
        String block = """
                apiVersion: gfctl.io/v1
                kind: ReleasePolicy
                metadata:
                  name: r
                spec:
                  rules:
                    - hostGroups:
                        - a   # comment
                      volumes:
                        names: [x]
                """;
        String flow = "{apiVersion: gfctl.io/v1, kind: ReleasePolicy, metadata: {name: r}, "
                + "spec: {rules: [{hostGroups: [a], volumes: {names: [x]}}], allowCaching: false, "
                + "maxHealthCertificateAge: PT8H}}";
        PolicyDocument a = PolicyLoader.parse("a", block, null);
        PolicyDocument b = PolicyLoader.parse("b", flow, null);
        PolicyDocument c = PolicyLoader.parse("c", block.replace("[x]", "[y]"), null);
        assertThat(a.digest()).isEqualTo(b.digest()).hasSize(64).isNotEqualTo(c.digest());
        assertThat(a.canonicalJson()).startsWith("{\"apiVersion\":\"gfctl.io/v1\",\"kind\":\"ReleasePolicy\",");
    }

    @Test
    void examplePolicies_inDocs_areValid() throws IOException {
        Path examples = Path.of("..", "docs", "examples");
        assertThat(PolicyLoader.loadAttestation(examples.resolve("attestation-policy.yaml")).trustedTpmRoots()).hasSize(1);
        assertThat(PolicyLoader.loadRelease(examples.resolve("release-policy.yaml")).rules()).hasSize(2);
        assertThat(PolicyLoader.loadCompliance(examples.resolve("compliance-policy.yaml")).thresholds())
                .isEqualTo(new org.gfctl.policy.compliance.Thresholds(180, 7, 30));
    }

    @Test
    void compliancePolicy_fieldsLeftOutTakeTheCatalogueDefaults_andItRoundTrips() {
        PolicyDocument doc = PolicyLoader.parse("c", String.join("\n", "apiVersion: gfctl.io/v1",
                "kind: CompliancePolicy", "metadata:", "  name: compliance", "spec:", "  cryptoperiodDays: 90", ""), null);
        assertThat(doc).isInstanceOf(org.gfctl.policy.compliance.CompliancePolicy.class);
        org.gfctl.policy.compliance.CompliancePolicy c = (org.gfctl.policy.compliance.CompliancePolicy) doc;
        assertThat(c.thresholds()).isEqualTo(new org.gfctl.policy.compliance.Thresholds(90, 30, 30));
        PolicyDocument again = PolicyLoader.parse("again", c.toYaml(), null);
        assertThat(again).isEqualTo(c);
        assertThat(again.digest()).isEqualTo(c.digest());
        assertThat(PolicyLoader.parse("empty", String.join("\n", "apiVersion: gfctl.io/v1", "kind: CompliancePolicy",
                "metadata:", "  name: compliance", "spec: {}", ""), null))
                .extracting(d -> ((org.gfctl.policy.compliance.CompliancePolicy) d).thresholds())
                .isEqualTo(org.gfctl.policy.compliance.Thresholds.DEFAULTS);
    }

    @Test
    void compliancePolicy_badValues_areEachReportedWithTheirPlace() {
        String yaml = String.join("\n", "apiVersion: gfctl.io/v1", "kind: CompliancePolicy", "metadata:",
                "  name: compliance", "spec:", "  cryptoperiodDays: 0", "  verificationWindowDays: \"7\"",
                "  periodDays: 3651", "  rotateEvery: 5", "");
        assertThatThrownBy(() -> PolicyLoader.parse("c.yaml", yaml, null))
                .isInstanceOf(PolicyValidationException.class)
                .extracting(e -> ((PolicyValidationException) e).errors().stream().map(Object::toString).toList())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                .containsExactly("6:21: spec.cryptoperiodDays: must be a whole number from 1 to 3650, not number \"0\"",
                        "7:27: spec.verificationWindowDays: must be a whole number from 1 to 3650, not string \"7\"",
                        "8:15: spec.periodDays: must be a whole number from 1 to 3650, not number \"3651\"",
                        "9:3: spec.rotateEvery: unknown field \"rotateEvery\" (expected one of: cryptoperiodDays,"
                                + " verificationWindowDays, periodDays)");
    }
}
