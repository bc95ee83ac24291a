package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.gfctl.cli.Gfctl;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.DiskImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code rotate-key --reencrypt --in-place} at random moments, then the same
 * command rerun to completion, always leaves an image that verifies and unshields to the original
 * bytes.
 */
class ReencryptCrashTest {
    private static final int TRIALS = 10;
    private static final int MAX_TRIALS = 30;

    @TempDir
    Path dir;

    @Test
    void killDuringInPlaceReencrypt_thenRerun_alwaysEndsWithTheOriginalBytes() throws Exception {
        Fixtures f = Fixtures.create(dir, "rsa3072");
        Path image = DiskImages.generate(dir.resolve("vm.raw"), 128L * DiskImages.EXTENT, DiskImages.Layout.RANDOM, 11);
        String original = Fixtures.sha256(image);
        Path shielded = dir.resolve("vm.luks");
        String home = dir.resolve("no-fabric").toString();
        assertThat(f.gfctl("--home", home, "shield-vm", "--in", image.toString(), "--out", shielded.toString(), "--owner",
                f.owner.toString()).exitCode()).isZero();
        Files.delete(image);
        String[] rotate = {"--home", home, "rotate-key", "--in", shielded.toString(), "--reencrypt", "--in-place",
                "--owner-key", f.owner.toString(), "--threads", "1"};
        long t0 = System.nanoTime();
        Process full = start(f, rotate);
        assertThat(full.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(full.exitValue()).isZero();
        long fullMillis = (System.nanoTime() - t0) / 1_000_000;

        SplittableRandom random = new SplittableRandom(3);
        int midRewrite = 0;
        Path journal = Path.of(shielded + ".gfctl-reencrypt");
        for (int i = 0; i < TRIALS || (midRewrite < 3 && i < MAX_TRIALS); i++) {
            Process p = start(f, rotate);
            if (!p.waitFor((long) (fullMillis * (0.2 + 0.75 * random.nextDouble())), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
                p.waitFor(10, TimeUnit.SECONDS);
            }
            midRewrite += Files.exists(journal) ? 1 : 0;
            GfctlRunner.Result rerun = f.gfctl(rotate);
            assertThat(rerun.exitCode()).as("trial %d: %s", i, rerun.err()).isZero();
            assertThat(journal).as("trial %d", i).doesNotExist();
            GfctlRunner.Result verify = GfctlRunner.run("verify", shielded.toString());
            assertThat(verify.exitCode()).as("trial %d: %s", i, verify.err()).isZero();
            Path out = dir.resolve("out-" + i + ".raw");
            GfctlRunner.Result u = f.gfctl("--home", home, "unshield", "--in", shielded.toString(), "--out", out.toString(),
                    "--owner-key", f.owner.toString());
            assertThat(u.exitCode()).as("trial %d: %s", i, u.err()).isZero();
            assertThat(Fixtures.sha256(out)).as("trial %d", i).isEqualTo(original);
            Files.delete(out);
        }
        assertThat(midRewrite).as("kills that interrupted a re-encryption (journal left behind)").isGreaterThanOrEqualTo(3);
    }

    private static Process start(Fixtures f, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Gfctl.class.getName()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--password-file", f.passwordFile.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
