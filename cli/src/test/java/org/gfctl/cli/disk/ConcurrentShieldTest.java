package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gfctl.cli.Gfctl;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.DiskImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two gfctl processes shielding into one fabric at once: both volumes inventoried, both audited, log intact. */
class ConcurrentShieldTest {
    @TempDir
    Path dir;

    @Test
    void twoProcessesShieldingAtOnce_loseNothing() throws Exception {
        Path home = dir.resolve("home");
        assertThat(GfctlRunner.run("--home", home.toString(), "fabric", "init").exitCode()).isZero();
        Fixtures f = Fixtures.create(dir, "rsa3072");
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path image = DiskImages.generate(dir.resolve("vm" + i + ".raw"), 24L * DiskImages.EXTENT, DiskImages.Layout.MIXED, i);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Gfctl.class.getName(), "--home", home.toString(),
                    "shield-vm", "--in", image.toString(), "--out", dir.resolve("vm" + i + ".luks").toString(),
                    "--owner", f.owner.toString(), "--password-file", f.passwordFile.toString()));
            running.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("p" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < running.size(); i++) {
            assertThat(running.get(i).waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(running.get(i).exitValue()).as(Files.readString(dir.resolve("p" + i + ".log"))).isZero();
        }
        GfctlRunner.Result log = GfctlRunner.run("--home", home.toString(), "-o", "json", "audit", "log", "--action", "shield-vm");
        assertThat(log.out().strip().split("\n")).hasSize(2);
        GfctlRunner.Result verify = GfctlRunner.run("--home", home.toString(), "audit", "verify");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        GfctlRunner.Result report = GfctlRunner.run("--home", home.toString(), "-o", "json", "audit", "report", "--framework",
                "iso27001-2022", "--format", "json");
        assertThat(report.exitCode()).as(report.err()).isZero();
        for (int i = 0; i < 2; i++) {
            assertThat(GfctlRunner.run("--home", home.toString(), "verify", dir.resolve("vm" + i + ".luks").toString())
                    .exitCode()).isZero();
        }
        assertThat(report.out()).contains("vm0.luks").contains("vm1.luks");
    }
}
