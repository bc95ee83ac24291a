package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.DiskImages;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rotate-key in its three modes, checked with cryptsetup, qemu-img and openssl as oracles. */
class RotateKeyTest {
    private static final long PAYLOAD = 4096L * 512;

    @TempDir
    Path dir;
    Fixtures f;
    Path image;
    Path shielded;

    @BeforeEach
    void shield() throws IOException {
        f = Fixtures.create(dir, "rsa3072");
        image = DiskImages.generate(dir.resolve("vm.raw"), 4 * DiskImages.EXTENT + 8192, DiskImages.Layout.MIXED, 7);
        shielded = dir.resolve("vm.luks");
        GfctlRunner.Result r = f.gfctl("--home", dir.resolve("no-fabric").toString(), "shield-vm", "--in", image.toString(),
                "--out", shielded.toString(), "--owner", f.owner.toString());
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
    }

    @Test
    void newSecret_oldSecretNoLongerOpens_newOneDoes_dataIntact() throws Exception {
        String cryptsetup = Tools.require("cryptsetup", "cryptsetup-bin");
        Path oldSecret = reveal(shielded, "old.secret");
        GfctlRunner.Result r = rotate("--new-secret");
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).containsPattern("\"mode\" ?: ?\"new-secret\"").containsPattern("\"wipedKeyslot\" ?: ?0").doesNotContain(Files.readString(oldSecret));
        assertThat(Path.of(shielded + ".gfctl-rotate")).doesNotExist();

        assertThat(Processes.run(cryptsetup, "open", "--test-passphrase", "--key-file", oldSecret.toString(),
                shielded.toString()).exitCode()).isNotZero();
        Path newSecret = reveal(shielded, "new.secret");
        assertThat(Files.readString(newSecret)).isNotEqualTo(Files.readString(oldSecret));
        assertThat(Processes.run(cryptsetup, "open", "--test-passphrase", "--key-file", newSecret.toString(),
                shielded.toString()).exitCode()).isZero();
        String dump = Processes.run(cryptsetup, "luksDump", shielded.toString()).requireSuccess().stdout();
        assertThat(dump).containsPattern("Key Slot 0: DISABLED").containsPattern("Key Slot 1: ENABLED");

        assertThat(GfctlRunner.run("verify", shielded.toString()).exitCode()).isZero();
        assertUnshieldsToOriginal(shielded, "after-new-secret.raw");
    }

    @Test
    void rewrap_removedRecipientIsRefused_addedOneCanUnshield() throws Exception {
        String openssl = Tools.require("openssl", "openssl");
        Path otherDir = Files.createDirectories(dir.resolve("other"));
        Fixtures other = Fixtures.create(otherDir, "ecp384");
        Path otherCrt = otherDir.resolve("owner-ecp384.crt");
        long size = Files.size(shielded);
        String imageDigest = Fixtures.sha256(shielded);

        GfctlRunner.Result add = rotate("--rewrap", "--add-recipient", otherCrt.toString());
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out().split("\"sha256\"")).as("two recipients").hasSize(3);
        assertThat(Fixtures.sha256(shielded)).as("rewrap never touches the image").isEqualTo(imageDigest);
        assertThat(Files.size(shielded)).isEqualTo(size);
        // The added recipient opens the envelope with openssl alone and unshields with the secret.
        Path[] pem = other.exportPem();
        Path secret = dir.resolve("other.secret");
        Files.writeString(secret, Processes.run(openssl, "cms", "-decrypt", "-inform", "PEM", "-in", shielded + ".kp",
                "-recip", pem[1].toString(), "-inkey", pem[0].toString()).requireSuccess().stdout());
        Path out = dir.resolve("other.raw");
        GfctlRunner.Result u = GfctlRunner.run("unshield", "--in", shielded.toString(), "--out", out.toString(),
                "--passphrase-file", secret.toString());
        assertThat(u.exitCode()).as(u.err()).isZero();
        assertThat(Fixtures.sha256(out)).isEqualTo(Fixtures.sha256(image));

        GfctlRunner.Result remove = rotate("--rewrap", "--remove-recipient", otherCrt.toString());
        assertThat(remove.exitCode()).as(remove.err()).isZero();
        GfctlRunner.Result refused = other.gfctl("--home", dir.resolve("no-fabric").toString(), "key", "reveal", "--in",
                shielded.toString(), "--owner-key", other.owner.toString(), "--out", dir.resolve("x.secret").toString());
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(6);
        assertThat(Processes.run(openssl, "cms", "-decrypt", "-inform", "PEM", "-in", shielded + ".kp", "-recip",
                pem[1].toString(), "-inkey", pem[0].toString()).exitCode()).isNotZero();
        assertUnshieldsToOriginal(shielded, "owner.raw");
    }

    @Test
    void rewrap_byANonRecipient_isRefusedWithExit6() throws Exception {
        Fixtures other = Fixtures.create(Files.createDirectories(dir.resolve("stranger")), "rsa3072");
        GfctlRunner.Result r = other.gfctl("--home", dir.resolve("no-fabric").toString(), "rotate-key", "--in",
                shielded.toString(), "--rewrap", "--owner-key", other.owner.toString(), "--add-recipient",
                other.dir.resolve("owner-rsa3072.crt").toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(6);
    }

    @Test
    void reencrypt_toNewFile_everySectorDiffers_qemuImgDecryptsToOriginal() throws Exception {
        String original = Fixtures.sha256(shielded);
        Path out = dir.resolve("vm2.luks");
        GfctlRunner.Result r = rotate("--reencrypt", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        assertThat(Fixtures.sha256(shielded)).as("the input is never modified").isEqualTo(original);
        assertReencrypted(shielded, out);
    }

    @Test
    void reencrypt_inPlace_everySectorDiffers_qemuImgDecryptsToOriginal() throws Exception {
        Path before = Files.copy(shielded, dir.resolve("before.luks"));
        GfctlRunner.Result r = rotate("--reencrypt", "--in-place", "--threads", "2");
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        assertThat(Path.of(shielded + ".gfctl-reencrypt")).doesNotExist();
        assertReencrypted(before, shielded);
    }

    private void assertReencrypted(Path before, Path after) throws Exception {
        String qemuImg = Tools.require("qemu-img", "qemu-utils");
        assertThat(Files.size(after)).isEqualTo(Files.size(before));
        try (RandomAccessFile a = new RandomAccessFile(before.toFile(), "r");
                RandomAccessFile b = new RandomAccessFile(after.toFile(), "r")) {
            byte[] x = new byte[512];
            byte[] y = new byte[512];
            for (long off = PAYLOAD; off < a.length(); off += 512) {
                a.seek(off);
                a.readFully(x);
                b.seek(off);
                b.readFully(y);
                assertThat(y).as("ciphertext of payload sector %d", (off - PAYLOAD) / 512).isNotEqualTo(x);
            }
        }
        GfctlRunner.Result verify = GfctlRunner.run("verify", after.toString());
        assertThat(verify.exitCode()).as(verify.err() + verify.out()).isZero();
        Path secret = reveal(after, "reencrypted.secret");
        Path out = dir.resolve("qemu.raw");
        Processes.run(qemuImg, "convert", "--object", "secret,id=s,file=" + secret, "--image-opts",
                "driver=luks,key-secret=s,file.filename=" + after, "-O", "raw", out.toString()).requireSuccess();
        assertThat(Fixtures.sha256(out)).isEqualTo(Fixtures.sha256(image));
    }

    @Test
    void wrongPassword_isReportedBeforeAMissingKeyProtector_thoughTheKeyStoreLoadsMeanwhile() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong.pw"), "not the password\n");
        GfctlRunner.Result r = GfctlRunner.run("--home", dir.resolve("no-fabric").toString(), "rotate-key", "--in",
                shielded.toString(), "--kp", dir.resolve("missing.kp").toString(), "--owner-key", f.owner.toString(),
                "--rewrap", "--password-file", wrong.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(6);
        assertThat(r.err()).contains("wrong password");
    }

    private GfctlRunner.Result rotate(String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("--home", dir.resolve("no-fabric").toString(),
                "-o", "json", "rotate-key", "--in", shielded.toString(), "--owner-key", f.owner.toString()));
        cmd.addAll(java.util.List.of(args));
        return f.gfctl(cmd.toArray(String[]::new));
    }

    private Path reveal(Path img, String name) {
        Path secret = dir.resolve(name);
        GfctlRunner.Result r = f.gfctl("--home", dir.resolve("no-fabric").toString(), "key", "reveal", "--in", img.toString(),
                "--owner-key", f.owner.toString(), "--out", secret.toString());
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        return secret;
    }

    private void assertUnshieldsToOriginal(Path img, String name) throws IOException {
        Path out = dir.resolve(name);
        GfctlRunner.Result r = f.gfctl("--home", dir.resolve("no-fabric").toString(), "unshield", "--in", img.toString(),
                "--out", out.toString(), "--owner-key", f.owner.toString());
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        assertThat(Fixtures.sha256(out)).isEqualTo(Fixtures.sha256(image));
    }
}
