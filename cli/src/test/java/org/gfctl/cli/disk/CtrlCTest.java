package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gfctl.testing.DiskImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (SIGINT) of a standalone shield-vm or unshield: exit 130, says so, leaves no file behind. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CtrlCTest {
    @TempDir
    static Path dir;
    Fixtures f;
    Path image;
    Path shielded;

    @BeforeAll
    void prepare() throws Exception {
        f = Fixtures.create(dir, "ecp384");
        image = DiskImages.generate(dir.resolve("vm.raw"), 256L * DiskImages.EXTENT, DiskImages.Layout.RANDOM, 9);
        shielded = dir.resolve("vm.luks");
        assertThat(f.shield(image, shielded).exitCode()).isZero();
    }

    @Test
    void ctrlCDuringShield_exits130_andLeavesNothing() throws Exception {
        Path out = dir.resolve("int.luks");
        interrupt(out, "shield-vm", "--in", image.toString(), "--out", out.toString(), "--owner", f.owner.toString(),
                "--threads", "1");
        assertThat(Path.of(out + ".kp")).doesNotExist();
    }

    @Test
    void ctrlCDuringUnshield_exits130_andLeavesNothing() throws Exception {
        Path out = dir.resolve("int.raw");
        interrupt(out, "unshield", "--in", shielded.toString(), "--out", out.toString(), "--owner-key",
                f.owner.toString(), "--threads", "1");
    }

    /** SIGINTs gfctl once its temp output exists; retried while a fast machine finishes first. */
    private void interrupt(Path out, String... args) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            Path log = dir.resolve("ctrl-c-" + attempt + ".log");
            Process p = start(log, args);
            while (p.isAlive() && !tempFileExists()) {
                Thread.sleep(2);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            if (p.exitValue() == 0) { // done before the signal: try again
                Files.deleteIfExists(out);
                Files.deleteIfExists(Path.of(out + ".kp"));
                continue;
            }
            String said = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(said).isEqualTo(130);
            assertThat(said).contains("was interrupted (Ctrl-C); nothing was written under " + out);
            assertThat(out).doesNotExist();
            assertThat(tempFileExists()).isFalse();
            return;
        }
        throw new AssertionError("gfctl always finished before its SIGINT");
    }

    private static boolean tempFileExists() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(x -> x.getFileName().toString().contains(".gfctl-tmp-"));
        }
    }

    private Process start(Path log, String... args) throws Exception {
        return new ProcessBuilder(f.ownJvm(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
