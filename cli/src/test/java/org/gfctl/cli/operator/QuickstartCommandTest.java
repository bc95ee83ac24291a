package org.gfctl.cli.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command, on a small image: every step passes, and a second run replaces the first. */
class QuickstartCommandTest {
    @TempDir
    Path dir;

    @Test
    void quickstart_runsTheWholeFlow_andNamesEveryStep() throws Exception {
        Tools.require("swtpm", "swtpm");
        Tools.require("swtpm_setup", "swtpm-tools");
        Path home = dir.resolve("qs");
        GfctlRunner.Result r = GfctlRunner.run("--home", home.toString(), "quickstart", "--size-mib", "8");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("host enroll --baseline").contains("attest").contains("key release")
                .contains("unshield in the TPM").contains("compare bytes").doesNotContain("FAIL");
        assertThat(r.out()).contains("quickstart passed");
        GfctlRunner.Result again = GfctlRunner.run("--home", home.toString(), "-o", "json", "quickstart", "--size-mib", "4");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("\"passed\" : true");

        // its own fabric holds the entry of every step, signed and intact; no other fabric is touched
        String fabric = home.resolve("fabric").toString();
        GfctlRunner.Result log = GfctlRunner.run("--home", fabric, "-o", "json", "audit", "log");
        assertThat(log.exitCode()).as(log.err()).isZero();
        String[] entries = log.out().strip().split("\n");
        assertThat(entries[0]).contains("\"action\":\"fabric.init\"").containsPattern("\"actorKey\":\"[0-9a-f]{64}\"");
        assertThat(log.out()).contains("\"action\":\"fabric.trust-tpm-ca\"", "\"action\":\"policy.apply\"",
                "\"action\":\"host.enroll\"", "\"action\":\"attest\"", "\"action\":\"owner.init\"",
                "\"action\":\"shield-vm\"", "\"action\":\"verify\"", "\"action\":\"key.release\"",
                "\"action\":\"unshield\"").doesNotContain("\"action\":\"quickstart\"");
        assertThat(java.util.Arrays.stream(entries).filter(e -> e.contains("\"action\":\"attest\"")))
                .allMatch(e -> e.matches(".*\"evidence\":\"[0-9a-f]{64}\".*"));
        assertThat(GfctlRunner.run("--home", fabric, "audit", "verify").exitCode()).isZero();
        assertThat(home.resolve("fabric.properties")).doesNotExist();
    }

    @Test
    void quickstart_refusesAHomeItDidNotCreate() throws Exception {
        Path home = Files.createDirectories(dir.resolve("precious"));
        Files.writeString(home.resolve("data.txt"), "keep me");
        GfctlRunner.Result r = GfctlRunner.run("--home", home.toString(), "quickstart", "--size-mib", "4");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("step 1").contains("was not made by quickstart");
        assertThat(home.resolve("data.txt")).hasContent("keep me");
    }
}
