package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gfctl.cli.Gfctl;
import org.gfctl.testing.DiskImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a running shield-vm or unshield, at random moments, never leaves a file
 * under the output name, and never changes the input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashSafetyTest {
    private static final int TRIALS = 10;

    @TempDir
    Path dir;
    Fixtures f;
    Path image;
    String imageDigest;
    Path shielded;
    String shieldedDigest;

    @BeforeAll
    void prepare() throws Exception {
        f = Fixtures.create(dir, "rsa3072");
        image = DiskImages.generate(dir.resolve("vm.raw"), 160L * DiskImages.EXTENT, DiskImages.Layout.MIXED, 5);
        imageDigest = Fixtures.sha256(image);
        shielded = dir.resolve("vm.luks");
        assertThat(f.shield(image, shielded).exitCode()).isZero();
        shieldedDigest = Fixtures.sha256(shielded);
    }

    @Test
    void killDuringShield_leavesNoOutput_andInputUnchanged() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < TRIALS; i++) {
            Path out = dir.resolve("crash-" + i + ".luks");
            killAfter(random.nextInt(100, 1500), "shield-vm", "--in", image.toString(), "--out", out.toString(),
                    "--owner", f.owner.toString(), "--threads", "1");
            assertThat(out).as("trial %d", i).doesNotExist();
            assertThat(Path.of(out + ".kp")).as("trial %d", i).doesNotExist();
        }
        assertThat(Fixtures.sha256(image)).isEqualTo(imageDigest);
    }

    @Test
    void killDuringUnshield_leavesNoOutput_andInputUnchanged() throws Exception {
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < TRIALS; i++) {
            Path out = dir.resolve("crash-" + i + ".raw");
            killAfter(random.nextInt(100, 1500), "unshield", "--in", shielded.toString(), "--out", out.toString(),
                    "--owner-key", f.owner.toString(), "--threads", "1");
            assertThat(out).as("trial %d", i).doesNotExist();
        }
        assertThat(Fixtures.sha256(shielded)).isEqualTo(shieldedDigest);
    }

    private void killAfter(int millis, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Gfctl.class.getName()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--password-file", f.passwordFile.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean exited = p.waitFor(millis, TimeUnit.MILLISECONDS);
        if (!exited) {
            p.destroyForcibly(); // SIGKILL: no shutdown hooks run
            p.waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(x -> x.getFileName().toString().contains(".gfctl-tmp-")).forEach(x -> x.toFile().delete());
        }
    }
}
