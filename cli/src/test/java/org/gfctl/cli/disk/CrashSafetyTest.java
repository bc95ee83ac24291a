package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gfctl.testing.DiskImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a running shield-vm or unshield, at random moments, never leaves a partial
 * file under the output name (only nothing, or the complete result when the kill came after the
 * atomic rename), and never changes the input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashSafetyTest {
    private static final int TRIALS = 10;
    private static final int MAX_TRIALS = 30;

    @TempDir
    static Path dir;
    Fixtures f;
    Path image;
    String imageDigest;
    Path shielded;
    String shieldedDigest;
    long shieldMillis;
    long unshieldMillis;

    @BeforeAll
    void prepare() throws Exception {
        f = Fixtures.create(dir, "rsa3072");
        image = DiskImages.generate(dir.resolve("vm.raw"), 128L * DiskImages.EXTENT, DiskImages.Layout.RANDOM, 5);
        imageDigest = Fixtures.sha256(image);
        shielded = dir.resolve("vm.luks");
        assertThat(f.shield(image, shielded).exitCode()).isZero();
        shieldedDigest = Fixtures.sha256(shielded);
        shieldMillis = fullRunMillis("shield-vm", "--in", image.toString(), "--out", dir.resolve("full.luks").toString(),
                "--owner", f.owner.toString(), "--threads", "1");
        unshieldMillis = fullRunMillis("unshield", "--in", shielded.toString(), "--out", dir.resolve("full.raw").toString(),
                "--owner-key", f.owner.toString(), "--threads", "1");
    }

    /**
     * How long a complete, unkilled run in its own JVM writes its output: from the moment its temp
     * file appears to its exit. Kill points are drawn inside that window.
     */
    private long fullRunMillis(String... args) throws Exception {
        Process p = start(args);
        long appeared = awaitTempFile(p);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return Math.max(1, (System.nanoTime() - appeared) / 1_000_000);
    }

    /** Waits until the child's hidden temp output exists (or it exited); returns System.nanoTime() then. */
    private long awaitTempFile(Process p) throws Exception {
        while (p.isAlive()) {
            try (Stream<Path> files = Files.list(dir)) {
                if (files.anyMatch(x -> x.getFileName().toString().contains(".gfctl-tmp-"))) {
                    return System.nanoTime();
                }
            }
            Thread.sleep(2);
        }
        return System.nanoTime();
    }

    @Test
    void killDuringShield_leavesNoOutput_andInputUnchanged() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        int midWrite = 0;
        // At least TRIALS kills, and more (up to MAX_TRIALS) until 3 landed mid-write, whatever the load.
        for (int i = 0; i < TRIALS || (midWrite < 3 && i < MAX_TRIALS); i++) {
            Path out = dir.resolve("crash-" + i + ".luks");
            midWrite += killAfter(killPoint(random, shieldMillis), "shield-vm", "--in", image.toString(), "--out", out.toString(),
                    "--owner", f.owner.toString(), "--threads", "1");
            if (Files.exists(out)) {
                // Killed after the atomic rename: the image must be complete and intact.
                assertThat(org.gfctl.cli.GfctlRunner.run("verify", out.toString()).exitCode()).as("trial %d", i).isZero();
            } else if (Files.exists(Path.of(out + ".kp"))) {
                // Killed between the two names (the key protector is named first): it is complete.
                assertThat(Files.readString(Path.of(out + ".kp"))).as("trial %d", i).startsWith("-----BEGIN CMS-----")
                        .contains("-----END CMS-----").endsWith("-----\n");
            }
        }
        assertThat(midWrite).as("trials killed while the output was being written").isGreaterThanOrEqualTo(3);
        assertThat(Fixtures.sha256(image)).isEqualTo(imageDigest);
    }

    @Test
    void killDuringUnshield_leavesNoOutput_andInputUnchanged() throws Exception {
        SplittableRandom random = new SplittableRandom(2);
        int midWrite = 0;
        // At least TRIALS kills, and more (up to MAX_TRIALS) until 3 landed mid-write, whatever the load.
        for (int i = 0; i < TRIALS || (midWrite < 3 && i < MAX_TRIALS); i++) {
            Path out = dir.resolve("crash-" + i + ".raw");
            midWrite += killAfter(killPoint(random, unshieldMillis), "unshield", "--in", shielded.toString(), "--out", out.toString(),
                    "--owner-key", f.owner.toString(), "--threads", "1");
            if (Files.exists(out)) {
                // Killed after the atomic rename: the output must be the whole original image.
                assertThat(Fixtures.sha256(out)).as("trial %d", i).isEqualTo(imageDigest);
            }
        }
        assertThat(midWrite).as("trials killed while the output was being written").isGreaterThanOrEqualTo(3);
        assertThat(Fixtures.sha256(shielded)).isEqualTo(shieldedDigest);
    }

    /** A moment within the first 90% of the write window. */
    private static int killPoint(SplittableRandom random, long writeMillis) {
        return (int) (writeMillis * 0.9 * random.nextDouble());
    }

    /** Runs gfctl in a JVM of its own, SIGKILLs it {@code millis} after its output appeared; 1 if it died mid-write. */
    private int killAfter(int millis, String... args) throws Exception {
        Process p = start(args);
        awaitTempFile(p);
        boolean exited = p.waitFor(millis, TimeUnit.MILLISECONDS);
        if (!exited) {
            p.destroyForcibly(); // SIGKILL: no shutdown hooks run
            p.waitFor(10, TimeUnit.SECONDS);
        }
        List<Path> leftovers;
        try (Stream<Path> files = Files.list(dir)) {
            leftovers = files.filter(x -> x.getFileName().toString().contains(".gfctl-tmp-")).toList();
        }
        leftovers.forEach(x -> x.toFile().delete());
        return exited ? 0 : (leftovers.isEmpty() ? 0 : 1);
    }

    private Process start(String... args) throws Exception {
        return new ProcessBuilder(f.ownJvm(args)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
