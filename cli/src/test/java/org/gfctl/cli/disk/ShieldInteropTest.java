package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.DiskImages;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shielded images interoperate both ways with qemu-img, cryptsetup and openssl. */
class ShieldInteropTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"rsa3072", "ecp384"})
    void shieldedImage_opensWithQemuImgCryptsetupAndOpenssl(String keyType) throws Exception {
        String qemuImg = Tools.require("qemu-img", "qemu-utils");
        String cryptsetup = Tools.require("cryptsetup", "cryptsetup-bin");
        String openssl = Tools.require("openssl", "openssl");
        Fixtures f = Fixtures.create(dir, keyType);
        Path image = DiskImages.generate(dir.resolve("vm.raw"), 6 * DiskImages.EXTENT + 4096, DiskImages.Layout.MIXED, 1);
        Path shielded = dir.resolve("vm.luks");

        GfctlRunner.Result shield = f.shield(image, shielded);
        assertThat(shield.exitCode()).as(shield.err() + shield.out()).isZero();
        assertThat(shielded.resolveSibling("vm.luks.kp")).exists();

        Path secret = dir.resolve("vm.secret");
        GfctlRunner.Result reveal = f.gfctl("key", "reveal", "--in", shielded.toString(), "--owner-key",
                f.owner.toString(), "--out", secret.toString());
        assertThat(reveal.exitCode()).as(reveal.err()).isZero();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(Files.readString(secret)).matches("[A-Za-z0-9_-]{43}");

        Path out = dir.resolve("qemu.raw");
        Processes.run(qemuImg, "convert", "--object", "secret,id=s,file=" + secret, "--image-opts",
                "driver=luks,key-secret=s,file.filename=" + shielded, "-O", "raw", out.toString()).requireSuccess();
        assertThat(Fixtures.sha256(out)).isEqualTo(Fixtures.sha256(image));

        String dump = Processes.run(cryptsetup, "luksDump", shielded.toString()).requireSuccess().stdout();
        assertThat(dump).contains("Version:       \t1").contains("aes").contains("xts-plain64").contains("sha256");
        assertThat(Processes.run(cryptsetup, "open", "--test-passphrase", "--key-file", secret.toString(),
                shielded.toString()).exitCode()).isZero();
        Path wrong = dir.resolve("wrong.secret");
        Files.writeString(wrong, "not-the-secret");
        assertThat(Processes.run(cryptsetup, "open", "--test-passphrase", "--key-file", wrong.toString(),
                shielded.toString()).exitCode()).isNotZero();

        Path[] pem = f.exportPem();
        Processes.Result cms = Processes.run(openssl, "cms", "-decrypt", "-inform", "PEM", "-in",
                shielded + ".kp", "-recip", pem[1].toString(), "-inkey", pem[0].toString());
        assertThat(cms.requireSuccess().stdout()).isEqualTo(Files.readString(secret));
    }

    @Test
    void imageMadeByQemuImg_unshieldsWithPassphraseFile() throws Exception {
        String qemuImg = Tools.require("qemu-img", "qemu-utils");
        Path image = DiskImages.generate(dir.resolve("plain.raw"), 5 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 2);
        Path pass = dir.resolve("pass");
        Files.writeString(pass, "qemu passphrase");
        Path luks = dir.resolve("q.luks");
        // qemu-img's PBKDF calibration fails spuriously ("Unable to get accurate CPU usage") when a
        // timing round measures 0 ms of CPU on a busy machine: retry that error, nothing else.
        Processes.Result made = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            made = Processes.run(qemuImg, "convert", "--object", "secret,id=s,file=" + pass, "-O", "luks", "-o",
                    "key-secret=s,iter-time=100", image.toString(), luks.toString());
            if (!made.stderr().contains("Unable to get accurate CPU usage")) {
                break;
            }
            Files.deleteIfExists(luks);
        }
        made.requireSuccess();
        Path out = dir.resolve("out.raw");
        GfctlRunner.Result r = GfctlRunner.run("unshield", "--in", luks.toString(), "--out", out.toString(),
                "--passphrase-file", pass.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Fixtures.sha256(out)).isEqualTo(Fixtures.sha256(image));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha1", "sha256", "sha512"})
    void imageMadeByCryptsetup_unshieldsWithPassphraseFile(String hash) throws Exception {
        String qemuImg = Tools.require("qemu-img", "qemu-utils");
        String cryptsetup = Tools.require("cryptsetup", "cryptsetup-bin");
        long size = 3 * DiskImages.EXTENT;
        Path image = DiskImages.generate(dir.resolve("plain.raw"), size, DiskImages.Layout.RANDOM, 3);
        Path pass = dir.resolve("pass");
        Files.writeString(pass, "cryptsetup passphrase " + hash);
        Path luks = dir.resolve("c.luks");
        try (var ch = java.nio.channels.FileChannel.open(luks, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), 4096L * 512 + size - 1);
        }
        Processes.run(cryptsetup, "luksFormat", "--type", "luks1", "--batch-mode", "--hash", hash,
                "--pbkdf-force-iterations", "1000", "--key-file", pass.toString(), luks.toString()).requireSuccess();
        // cryptsetup cannot write the payload without device-mapper; qemu's luks driver can.
        Processes.run(null, null, List.of(qemuImg, "convert", "-n", "--object", "secret,id=s,file=" + pass,
                "-f", "raw", image.toString(), "--target-image-opts",
                "driver=luks,key-secret=s,file.filename=" + luks)).requireSuccess();
        Path out = dir.resolve("out.raw");
        GfctlRunner.Result r = GfctlRunner.run("unshield", "--in", luks.toString(), "--out", out.toString(),
                "--passphrase-file", pass.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Fixtures.sha256(out)).isEqualTo(Fixtures.sha256(image));
    }

    @Test
    void unshield_leavesHolesWherePlaintextIsZero() throws Exception {
        Fixtures f = Fixtures.create(dir, "rsa3072");
        Path image = DiskImages.generate(dir.resolve("z.raw"), 8 * DiskImages.EXTENT, DiskImages.Layout.ZERO, 4);
        Path shielded = dir.resolve("z.luks");
        assertThat(f.shield(image, shielded).exitCode()).isZero();
        Path out = dir.resolve("z.out");
        GfctlRunner.Result r = f.gfctl("unshield", "--in", shielded.toString(), "--out", out.toString(),
                "--owner-key", f.owner.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.size(out)).isEqualTo(8 * DiskImages.EXTENT);
        long allocated = 512 * Long.parseLong(Processes.run("stat", "-c", "%b", out.toString()).requireSuccess().stdout().strip());
        assertThat(allocated).isLessThan(DiskImages.EXTENT);
        assertThat(Fixtures.sha256(out)).isEqualTo(Fixtures.sha256(image));
    }
}
