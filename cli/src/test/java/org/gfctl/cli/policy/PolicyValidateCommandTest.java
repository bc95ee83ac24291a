package org.gfctl.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.Golden;
import org.junit.jupiter.api.Test;

/** {@code gfctl policy validate}: the example policies validate; an invalid one lists every error; exit codes. */
class PolicyValidateCommandTest {
    static final String EXAMPLES = "../docs/examples/";
    static final String BAD = "src/test/resources/policy/bad-attestation.yaml";

    @Test
    void exampleAttestationPolicy_isValid_matchesGoldenFile() {
        GfctlRunner.Result r = GfctlRunner.run("policy", "validate", EXAMPLES + "attestation-policy.yaml");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Golden.assertMatches("policy-validate.txt", r.out());
    }

    @Test
    void exampleReleasePolicy_isValid_asJson() throws IOException {
        GfctlRunner.Result r = GfctlRunner.run("-o", "json", "policy", "validate", EXAMPLES + "release-policy.yaml");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("kind").asText()).isEqualTo("ReleasePolicy");
        assertThat(json.get("name").asText()).isEqualTo("tenant-a");
        assertThat(json.get("digest").asText()).matches("sha256:[0-9a-f]{64}");
        Golden.assertMatches("policy-validate.json", r.out());
    }

    @Test
    void invalidPolicy_exits1_listingEveryErrorWithFileLineAndColumn() {
        GfctlRunner.Result r = GfctlRunner.run("policy", "validate", BAD);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(BAD + ":1:13: apiVersion: ", BAD + ":4:9: metadata.name: ",
                BAD + ":7:9: spec.pcrs.7[0]: ", BAD + ":9:5: spec.eventLog.requireSecureBot: unknown field");
        Golden.assertMatches("policy-validate-errors.txt", r.err());
    }

    @Test
    void invalidPolicy_withJson_isOneErrorDocumentHoldingEveryError() throws IOException {
        GfctlRunner.Result r = GfctlRunner.run("-o", "json", "policy", "validate", BAD);
        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode error = new ObjectMapper().readTree(r.out()).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(1);
        assertThat(error.get("message").asText().lines()).hasSize(5)
                .first().isEqualTo("gfctl policy validate: " + BAD + ": invalid policy document, 4 errors");
    }

    @Test
    void missingFile_exits5() {
        GfctlRunner.Result r = GfctlRunner.run("policy", "validate", "no-such-policy.yaml");
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.err().strip()).isEqualTo("gfctl policy validate: no policy file at no-such-policy.yaml");
    }

    @Test
    void applyingAPolicy_isAudited_refusedOrNot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        String home = dir.resolve("home").toString();
        assertThat(GfctlRunner.run("--home", home, "fabric", "init").exitCode()).isZero();
        assertThat(GfctlRunner.run("--home", home, "policy", "validate", "--apply", BAD).exitCode()).isEqualTo(1);
        GfctlRunner.Result ok = GfctlRunner.run("--home", home, "policy", "validate", "--apply",
                EXAMPLES + "release-policy.yaml");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(GfctlRunner.run("--home", home, "policy", "validate", EXAMPLES + "release-policy.yaml").exitCode())
                .isZero(); // checking alone changes nothing: not recorded
        String[] applied = GfctlRunner.run("--home", home, "-o", "json", "audit", "log", "--action", "policy.apply")
                .out().strip().split("\n");
        assertThat(applied).hasSize(2);
        assertThat(applied[0]).contains("\"object\":\"" + BAD + "\"").contains("\"result\":\"failure\"");
        assertThat(applied[1]).contains("\"object\":\"ReleasePolicy tenant-a\"").contains("\"result\":\"success\"")
                .containsPattern("\"evidence\":\"[0-9a-f]{64}\"");
    }
}
