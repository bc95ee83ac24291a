package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.DiskImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Outputs never replace or lose a file, never expose plaintext, and are checked before the disk pass. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputSafetyTest {
    @TempDir
    static Path dir;
    Fixtures f;
    Path image;

    @BeforeAll
    void owner() throws Exception {
        f = Fixtures.create(dir, "ecp384");
        image = DiskImages.generate(dir.resolve("vm.raw"), 2 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 5);
    }

    @Test
    void shieldWithTheKeyProtectorNamedLikeTheImage_isAUsageError_andWritesNothing() throws Exception {
        Path out = Files.createDirectories(dir.resolve("same")).resolve("vm.luks");
        GfctlRunner.Result r = f.gfctl("shield-vm", "--in", image.toString(), "--out", out.toString(), "--kp",
                out.toString(), "--owner", f.owner.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--out and --kp must be different files");
        try (var left = Files.list(out.getParent())) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aKeyProtectorLeftWithoutItsImage_isNotReplaced_andTheMessageSaysWhereItMayComeFrom() throws Exception {
        Path outDir = Files.createDirectories(dir.resolve("orphan"));
        Path kp = Files.writeString(outDir.resolve("vm.luks.kp"), "left by an interrupted run\n");
        GfctlRunner.Result r = f.gfctl("shield-vm", "--in", image.toString(), "--out", outDir.resolve("vm.luks").toString(),
                "--owner", f.owner.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(kp + " already exists (but " + outDir.resolve("vm.luks") + " does not: it holds an"
                + " image's unlock secret, so keep it if an image moved elsewhere still needs it; otherwise it may be"
                + " left by a shield-vm interrupted as it finished");
        assertThat(Files.readString(kp)).isEqualTo("left by an interrupted run\n");
        assertThat(outDir.resolve("vm.luks")).doesNotExist();
    }

    @Test
    void shieldWithTheKeyProtectorInAMissingDirectory_stopsBeforeTheDiskPass() throws Exception {
        Path outDir = Files.createDirectories(dir.resolve("nodir"));
        Path kp = dir.resolve("does-not-exist").resolve("vm.kp");
        GfctlRunner.Result r = f.gfctl("shield-vm", "--in", image.toString(), "--out", outDir.resolve("vm.luks")
                .toString(), "--kp", kp.toString(), "--owner", f.owner.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).contains("does not exist: create it first");
        try (var left = Files.list(outDir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void unshieldWritesThePlaintextImageOwnerOnly() throws Exception {
        Path shielded = dir.resolve("mode.luks");
        assertThat(f.shield(image, shielded).exitCode()).isZero();
        Path out = dir.resolve("mode.raw");
        GfctlRunner.Result r = f.gfctl("unshield", "--in", shielded.toString(), "--out", out.toString(),
                "--owner-key", f.owner.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(Fixtures.sha256(out)).isEqualTo(Fixtures.sha256(image));
    }

    @Test
    void ownerInitWithItsCertificateNameTaken_createsNeitherFile() throws Exception {
        Path p12 = dir.resolve("taken.p12");
        Files.writeString(dir.resolve("taken.crt"), "someone else's\n");
        GfctlRunner.Result r = GfctlRunner.run("owner", "init", "--out", p12.toString(), "--password-file",
                f.passwordFile.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("taken.crt already exists");
        assertThat(p12).doesNotExist();
        assertThat(Files.readString(dir.resolve("taken.crt"))).isEqualTo("someone else's\n");
    }

    @Test
    void ownerInitWithANonAsciiPassword_isAUsageError_notAnInternalError() throws Exception {
        Path pw = Files.writeString(dir.resolve("umlaut.pw"), "pässwört\n");
        Path p12 = dir.resolve("umlaut.p12");
        GfctlRunner.Result r = GfctlRunner.run("owner", "init", "--out", p12.toString(), "--password-file",
                pw.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("printable ASCII").doesNotContain("internal error").doesNotContain("pässwört");
        assertThat(p12).doesNotExist();
    }

    @Test
    void aRefusedPassphraseFile_saysItsBytesAreUsedExactly() throws Exception {
        Path shielded = dir.resolve("hint.luks");
        assertThat(f.shield(image, shielded).exitCode()).isZero();
        Path secret = dir.resolve("hint.secret");
        assertThat(f.gfctl("key", "reveal", "--in", shielded.toString(), "--owner-key", f.owner.toString(), "--out",
                secret.toString()).exitCode()).isZero();
        Path withNewline = Files.writeString(dir.resolve("hint.secret-nl"), Files.readString(secret) + "\n");
        GfctlRunner.Result r = GfctlRunner.run("unshield", "--in", shielded.toString(), "--out",
                dir.resolve("hint.raw").toString(), "--passphrase-file", withNewline.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(6);
        assertThat(r.err()).contains("a trailing newline included").doesNotContain(Files.readString(secret));
        assertThat(GfctlRunner.run("unshield", "--in", shielded.toString(), "--out", dir.resolve("hint.raw").toString(),
                "--passphrase-file", secret.toString()).exitCode()).isZero();
    }
}
