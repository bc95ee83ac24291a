package org.gfctl.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.DiskImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fabric's own CompliancePolicy sets the cryptoperiod and windows the report measures against
 * (the key owner's cryptoperiod, PCI DSS 3.6.4), instead of the catalogue's; applying one never
 * replaces a stored policy of another kind.
 */
class CompliancePolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theStoredCompliancePolicy_setsTheReportsThresholds() throws Exception {
        String home = dir.resolve("home").toString();
        Path pw = Files.writeString(dir.resolve("pw"), "owner password\n");
        Path owner = dir.resolve("owner.p12");
        run(0, "--home", home, "fabric", "init");
        run(0, "--home", home, "owner", "init", "--out", owner.toString(), "--password-file", pw.toString());
        Path image = DiskImages.generate(dir.resolve("vm.raw"), 2 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 71);
        run(0, "--home", home, "shield-vm", "--in", image.toString(), "--out", dir.resolve("vm.luks").toString(), "--owner",
                owner.toString(), "--password-file", pw.toString());

        JsonNode before = report(home);
        assertThat(before.get("settings").get("cryptoperiodDays").asInt()).isEqualTo(365);
        assertThat(before.get("settings").get("verificationWindowDays").asInt()).isEqualTo(30);
        assertThat(cryptoperiodOfTheVolume(before)).isEqualTo(Duration.ofDays(365));

        Path policy = Files.writeString(dir.resolve("km.yaml"), String.join("\n", "apiVersion: gfctl.io/v1",
                "kind: CompliancePolicy", "metadata:", "  name: compliance", "spec:", "  cryptoperiodDays: 30",
                "  verificationWindowDays: 7", ""));
        run(0, "--home", home, "policy", "validate", "--apply", policy.toString());
        JsonNode after = report(home);
        assertThat(after.get("settings").get("cryptoperiodDays").asInt()).isEqualTo(30);
        assertThat(after.get("settings").get("verificationWindowDays").asInt()).isEqualTo(7);
        assertThat(after.get("settings").get("periodDays").asInt()).isEqualTo(30);
        assertThat(cryptoperiodOfTheVolume(after)).isEqualTo(Duration.ofDays(30));
        // the change of policy is itself in the audit log, with its digest
        assertThat(GfctlRunner.run("--home", home, "-o", "json", "audit", "log", "--action", "policy.apply").out())
                .contains("\"object\":\"CompliancePolicy compliance\"").containsPattern("\"evidence\":\"[0-9a-f]{64}\"");
    }

    @Test
    void aCompliancePolicyUnderAnotherName_orOverAPolicyOfAnotherKind_isRefused() throws Exception {
        String home = dir.resolve("home").toString();
        run(0, "--home", home, "fabric", "init");
        Path named = Files.writeString(dir.resolve("named.yaml"), String.join("\n", "apiVersion: gfctl.io/v1",
                "kind: CompliancePolicy", "metadata:", "  name: default", "spec:", "  cryptoperiodDays: 30", ""));
        GfctlRunner.Result r = GfctlRunner.run("--home", home, "policy", "validate", "--apply", named.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("a CompliancePolicy is applied under the name compliance");
        // validating it alone is fine
        assertThat(GfctlRunner.run("policy", "validate", named.toString()).exitCode()).isZero();

        // the name held by a policy of another kind: the report says the catalogue's thresholds were used
        Path releaseFirst = Files.writeString(dir.resolve("release-first.yaml"), String.join("\n", "apiVersion: gfctl.io/v1",
                "kind: ReleasePolicy", "metadata:", "  name: compliance", "spec:", "  rules:", "    - hostGroups: ['*']",
                "      volumes:", "        names: ['*']", ""));
        String other = dir.resolve("other-home").toString();
        run(0, "--home", other, "fabric", "init");
        run(0, "--home", other, "policy", "validate", "--apply", releaseFirst.toString());
        GfctlRunner.Result warned = GfctlRunner.run("--home", other, "audit", "report", "--framework", "pci-dss-4.0");
        assertThat(warned.exitCode()).as(warned.err()).isZero();
        assertThat(warned.err()).contains("warning: the fabric's policy named compliance is a ReleasePolicy, not a"
                + " CompliancePolicy: the catalogue's thresholds were used");
        assertThat(GfctlRunner.run("--home", other, "policy", "validate", "--apply",
                "../docs/examples/compliance-policy.yaml").exitCode()).isEqualTo(2);

        run(0, "--home", home, "policy", "validate", "--apply", "../docs/examples/compliance-policy.yaml");
        Path release = Files.writeString(dir.resolve("release.yaml"), String.join("\n", "apiVersion: gfctl.io/v1",
                "kind: ReleasePolicy", "metadata:", "  name: compliance", "spec:", "  rules:", "    - hostGroups: ['*']",
                "      volumes:", "        names: ['*']", ""));
        GfctlRunner.Result clash = GfctlRunner.run("--home", home, "policy", "validate", "--apply", release.toString());
        assertThat(clash.exitCode()).as(clash.err()).isEqualTo(2);
        assertThat(clash.err()).contains("already holds a CompliancePolicy named compliance");
        assertThat(report(home).get("settings").get("cryptoperiodDays").asInt()).isEqualTo(180);
    }

    private static JsonNode report(String home) throws Exception {
        GfctlRunner.Result r = GfctlRunner.run("--home", home, "audit", "report", "--framework", "pci-dss-4.0", "--format",
                "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    /** The time from the one volume's creation (or rotation) to the end of its cryptoperiod, as reported. */
    private static Duration cryptoperiodOfTheVolume(JsonNode report) {
        JsonNode volume = report.get("keys").get("volumes").get(0);
        return Duration.between(Instant.parse(volume.get("created").asText()),
                Instant.parse(volume.get("cryptoperiodEnds").asText()));
    }

    private static void run(int exit, String... args) {
        GfctlRunner.Result r = GfctlRunner.run(args);
        assertThat(r.exitCode()).as("%s: %s", String.join(" ", args), r.err()).isEqualTo(exit);
    }
}
