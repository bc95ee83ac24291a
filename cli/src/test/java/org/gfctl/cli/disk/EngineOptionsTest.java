package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.DiskImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk engine's options: any worker count gives the same bytes, and the memory a pass needs
 * does not grow with the image (a heap and direct-memory limit far below the image's size).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineOptionsTest {
    @TempDir
    static Path dir;
    Fixtures f;
    Path image;

    @BeforeAll
    void image() throws Exception {
        f = Fixtures.create(dir, "ecp384");
        image = DiskImages.generate(dir.resolve("vm.raw"), 7 * DiskImages.EXTENT + 3 * 512, DiskImages.Layout.MIXED, 31);
    }

    @Test
    void everyThreadCount_shieldsVerifiesAndUnshieldsToTheSameBytes() throws Exception {
        String original = sha256(image);
        for (String threads : new String[] {"1", "2", "3", "16"}) {
            Path shielded = dir.resolve("t" + threads + ".luks");
            GfctlRunner.Result s = f.gfctl("shield-vm", "--in", image.toString(), "--out", shielded.toString(), "--owner",
                    f.owner.toString(), "--threads", threads);
            assertThat(s.exitCode()).as("shield-vm --threads %s: %s", threads, s.err()).isZero();
            for (String verifyThreads : new String[] {"1", "3"}) {
                GfctlRunner.Result v = GfctlRunner.run("verify", shielded.toString(), "--threads", verifyThreads);
                assertThat(v.exitCode()).as("verify --threads %s of --threads %s: %s", verifyThreads, threads, v.err())
                        .isZero();
            }
            for (String unshieldThreads : new String[] {"1", "4"}) {
                Path out = dir.resolve("t" + threads + "-" + unshieldThreads + ".raw");
                GfctlRunner.Result u = f.gfctl("unshield", "--in", shielded.toString(), "--out", out.toString(),
                        "--owner-key", f.owner.toString(), "--threads", unshieldThreads);
                assertThat(u.exitCode()).as("unshield --threads %s: %s", unshieldThreads, u.err()).isZero();
                assertThat(sha256(out)).as("shielded with %s threads, unshielded with %s", threads, unshieldThreads)
                        .isEqualTo(original);
                Files.delete(out);
            }
            Files.delete(shielded);
            Files.delete(Path.of(shielded + ".kp"));
        }
    }

    @Test
    void aThreadCountOutOfRange_isAUsageError_namingTheRange() {
        Path shielded = dir.resolve("range.luks");
        assertThat(f.shield(image, shielded).exitCode()).isZero();
        GfctlRunner.Result r = GfctlRunner.run("verify", shielded.toString(), "--threads", "1025");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--threads must be between 1 and 1024 (or 0: one per core), not 1025");
    }

    /**
     * 256 MiB shielded and unshielded in JVMs of their own with the 64 MiB of heap, which
     * also caps direct buffers at 64 MiB: a pass that held the image, or its output, would fail.
     * (bench/shield.sh BIG=8G runs the 8 GiB the same way.)
     */
    @Test
    void aPassNeedsBoundedMemory_256MiBThroughA64MiBHeap() throws Exception {
        Path big = DiskImages.generate(dir.resolve("big.raw"), 256L * DiskImages.EXTENT, DiskImages.Layout.MIXED, 32);
        Path shielded = dir.resolve("big.luks");
        Path out = dir.resolve("big.out");
        ownJvm("-Xmx64m", "shield-vm", "--in", big.toString(), "--out", shielded.toString(), "--owner",
                f.owner.toString(), "--threads", "4");
        ownJvm("-Xmx64m", "unshield", "--in", shielded.toString(), "--out", out.toString(), "--owner-key",
                f.owner.toString(), "--threads", "4");
        assertThat(sha256(out)).isEqualTo(sha256(big));
    }

    private void ownJvm(String jvmOption, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(f.ownJvm(args));
        cmd.add(1, jvmOption);
        Fixtures.runToEnd(cmd, java.util.Map.of(), 0);
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] b = new byte[1 << 16];
            for (int n; (n = in.read(b)) > 0; ) {
                d.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
