package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gfctl.cli.Gfctl;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk: shield-vm and unshield into an 8 MiB tmpfs (mounted in a private mount namespace
 * with {@code unshare}, so no root is needed) fail with a message that says so, exit 1, and leave
 * nothing in the directory, neither under the output name nor as a temp file.
 */
class DiskFullTest {
    @TempDir
    Path dir;

    private Fixtures f;
    private Path image;

    @BeforeEach
    void setUp() throws Exception {
        f = Fixtures.create(dir, "ecp384");
        image = dir.resolve("disk.raw");
        byte[] data = new byte[24 << 20];
        new SplittableRandom(9).nextBytes(data);
        Files.write(image, data);
    }

    @Test
    void shieldVm_intoAFullDisk_saysSo_andLeavesNothing() throws Exception {
        Path full = Files.createDirectory(dir.resolve("full"));
        String out = onFullDisk(full, "shield-vm", "--in", image.toString(), "--out", full.resolve("vm.luks").toString(),
                "--owner", f.owner.toString(), "--no-guardian");
        assertThat(out).contains("EXIT=1").contains("the disk is full").doesNotContain("LEFT=vm.luks")
                .doesNotContain("gfctl-tmp").contains("LEFT=<none>");
    }

    @Test
    void unshield_intoAFullDisk_saysSo_andLeavesNothing() throws Exception {
        Path shielded = dir.resolve("vm.luks");
        var r = f.shield(image, shielded);
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path full = Files.createDirectory(dir.resolve("full"));
        String out = onFullDisk(full, "unshield", "--in", shielded.toString(), "--out", full.resolve("vm.raw").toString(),
                "--owner-key", f.owner.toString());
        assertThat(out).contains("EXIT=1").contains("the disk is full").doesNotContain("gfctl-tmp")
                .contains("LEFT=<none>");
    }

    /** Runs gfctl with an 8 MiB tmpfs mounted on {@code mountPoint}; prints EXIT=code and LEFT=files after it. */
    private String onFullDisk(Path mountPoint, String... args) {
        String unshare = Tools.require("unshare", "util-linux");
        List<String> cmd = new ArrayList<>(List.of(unshare, "-rm", "sh", "-c",
                "mount -t tmpfs -o size=8m gfctl-full \"$0\" || exit 99; \"$@\"; echo \"EXIT=$?\";"
                        + " left=$(ls -A \"$0\"); echo \"LEFT=${left:-<none>}\"",
                mountPoint.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Gfctl.class.getName()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--password-file", f.passwordFile.toString()));
        Processes.Result r = Processes.run(cmd.toArray(String[]::new));
        String all = r.stdout() + r.stderr();
        assertThat(r.exitCode()).as("unshare/mount failed: %s", all).isZero();
        return all;
    }
}
