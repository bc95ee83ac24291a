package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.DiskImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** verify and unshield detect every single-byte change and refuse bad inputs, writing nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TamperTest {
    private static final long PAYLOAD_OFFSET = 4096L * 512;

    @TempDir
    static Path dir;
    Fixtures f;
    Path image;
    Path shielded;

    @BeforeAll
    void shieldOnce() throws Exception {
        f = Fixtures.create(dir, "rsa3072");
        image = DiskImages.generate(dir.resolve("vm.raw"), 4 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 11);
        shielded = dir.resolve("vm.luks");
        GfctlRunner.Result r = f.shield(image, shielded);
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @Test
    void intactImage_verifies() {
        GfctlRunner.Result r = GfctlRunner.run("verify", shielded.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    /**
     * A property over random offsets: a new seed every run (printed in every failure message, so a
     * failing offset can be replayed with {@code -Dgfctl.tamper.seed=N}), half the trials in the
     * header region (header and keyslots), half in the payload. Unshield refuses each with exit 4
     * and names the damaged chunk, with the owner key and with the unlock secret alone
     * ({@code --passphrase-file}: the key protector beside the image still vouches for it).
     */
    @Test
    void anySingleByteChange_isReportedByVerify_andRefusedByUnshield() throws Exception {
        long seed = Long.getLong("gfctl.tamper.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        Path secret = dir.resolve("tamper.secret");
        GfctlRunner.Result reveal = f.gfctl("key", "reveal", "--in", shielded.toString(), "--owner-key",
                f.owner.toString(), "--out", secret.toString());
        assertThat(reveal.exitCode()).as(reveal.err()).isZero();
        long size = Files.size(shielded);
        for (int trial = 0; trial < 16; trial++) {
            long offset = trial % 2 == 0 ? random.nextLong(PAYLOAD_OFFSET) : PAYLOAD_OFFSET + random.nextLong(size - PAYLOAD_OFFSET);
            String what = "seed " + seed + ", byte " + offset + " flipped";
            Path copy = dir.resolve("t" + trial + ".luks");
            Files.copy(shielded, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(Path.of(shielded + ".kp"), Path.of(copy + ".kp"), StandardCopyOption.REPLACE_EXISTING);
            flip(copy, offset);

            GfctlRunner.Result v = GfctlRunner.run("verify", copy.toString());
            assertThat(v.exitCode()).as("verify, %s: %s", what, v.err()).isEqualTo(4);
            long chunkStart = offset < PAYLOAD_OFFSET ? 0 : PAYLOAD_OFFSET + (offset - PAYLOAD_OFFSET) / DiskImages.EXTENT * DiskImages.EXTENT;
            assertThat(v.err()).as(what).contains("offset " + chunkStart);

            Path out = dir.resolve("t" + trial + ".raw");
            GfctlRunner.Result u = f.gfctl("unshield", "--in", copy.toString(), "--out", out.toString(),
                    "--owner-key", f.owner.toString());
            assertThat(u.exitCode()).as("unshield, %s: %s", what, u.err()).isEqualTo(4);
            assertThat(u.err()).as(what).contains("offset " + chunkStart);
            assertThat(out).as(what).doesNotExist();
            GfctlRunner.Result p = GfctlRunner.run("unshield", "--in", copy.toString(), "--out", out.toString(),
                    "--passphrase-file", secret.toString());
            assertThat(p.exitCode()).as("unshield --passphrase-file, %s: %s", what, p.err()).isEqualTo(4);
            assertThat(out).as(what).doesNotExist();
            Files.delete(copy);
            Files.delete(Path.of(copy + ".kp"));
        }
    }

    /** Every byte of the 592-byte LUKS header: exit 4 at offset 0, never a parse error (exit 1). */
    @Test
    void everyByteOfTheLuksHeader_changed_isReportedByVerify_andRefusedByUnshield_withExit4() throws Exception {
        Path copy = dir.resolve("header.luks");
        Files.copy(shielded, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of(shielded + ".kp"), Path.of(copy + ".kp"), StandardCopyOption.REPLACE_EXISTING);
        for (int offset = 0; offset < 592; offset++) {
            flip(copy, offset);
            GfctlRunner.Result v = GfctlRunner.run("verify", copy.toString());
            assertThat(v.exitCode()).as("verify, header byte %d flipped: %s", offset, v.err()).isEqualTo(4);
            assertThat(v.err()).as("header byte %d", offset).contains("first damaged chunk at offset 0")
                    .containsAnyOf("was modified", "were modified");
            if (offset % 37 == 0) {
                Path out = dir.resolve("header-" + offset + ".raw");
                GfctlRunner.Result u = f.gfctl("unshield", "--in", copy.toString(), "--out", out.toString(),
                        "--owner-key", f.owner.toString());
                assertThat(u.exitCode()).as("unshield, header byte %d flipped: %s", offset, u.err()).isEqualTo(4);
                assertThat(out).doesNotExist();
            }
            flip(copy, offset);
        }
        assertThat(GfctlRunner.run("verify", copy.toString()).exitCode()).isZero();
    }

    @Test
    void truncationAndTrailingData_areIntegrityViolations_namingWhereTheImageStopsMatching() throws Exception {
        long size = Files.size(shielded);
        // cut inside the header region, inside the third payload chunk, and one sector of data appended
        long[] lengths = {100_000, PAYLOAD_OFFSET + 2 * DiskImages.EXTENT + 4096, size + 512};
        String[] expected = {"offset 0", "offset " + (PAYLOAD_OFFSET + 2 * DiskImages.EXTENT), "offset " + size};
        for (int i = 0; i < lengths.length; i++) {
            Path copy = dir.resolve("length-" + i + ".luks");
            Files.copy(shielded, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(Path.of(shielded + ".kp"), Path.of(copy + ".kp"), StandardCopyOption.REPLACE_EXISTING);
            try (RandomAccessFile raf = new RandomAccessFile(copy.toFile(), "rw")) {
                raf.setLength(lengths[i]);
            }
            GfctlRunner.Result v = GfctlRunner.run("verify", copy.toString());
            assertThat(v.exitCode()).as("verify, %d bytes: %s", lengths[i], v.err()).isEqualTo(4);
            assertThat(v.err()).contains(lengths[i] > size ? "trailing data" : "truncated")
                    .contains("first damaged chunk at " + expected[i]);
        }
    }

    @Test
    void wrongOwnerKey_isRefusedWithExit6() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Fixtures stranger = Fixtures.create(other, "ecp384");
        Path out = dir.resolve("stranger.raw");
        GfctlRunner.Result r = stranger.gfctl("unshield", "--in", shielded.toString(), "--out", out.toString(),
                "--owner-key", stranger.owner.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(6);
        assertThat(out).doesNotExist();
    }

    @Test
    void shieldWithAWrongKeyStorePassword_stopsWithExit6_andLeavesNoFile() throws Exception {
        // the key store loads while the disk pass runs: its failure must stop the pass and remove
        // the partial output, as a failure before the pass would have left nothing
        Path outDir = Files.createDirectories(dir.resolve("wrong-password"));
        Path wrong = Files.writeString(dir.resolve("wrong.pw"), "not the password\n");
        Path out = outDir.resolve("vm.luks");
        GfctlRunner.Result r = GfctlRunner.run("--home", dir.resolve("no-fabric").toString(), "shield-vm", "--in",
                image.toString(), "--out", out.toString(), "--owner", f.owner.toString(), "--password-file",
                wrong.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(6);
        assertThat(r.err()).contains("wrong password");
        try (var left = Files.list(outDir)) {
            assertThat(left).isEmpty();
        }
        // an error found while the key store still loads (the key protector exists) comes second
        Files.writeString(outDir.resolve("vm.luks.kp"), "not ours\n");
        GfctlRunner.Result both = GfctlRunner.run("--home", dir.resolve("no-fabric").toString(), "shield-vm", "--in",
                image.toString(), "--out", out.toString(), "--owner", f.owner.toString(), "--password-file",
                wrong.toString());
        assertThat(both.exitCode()).as(both.err()).isEqualTo(6);
        assertThat(both.err()).contains("wrong password");
        assertThat(Files.readString(outDir.resolve("vm.luks.kp"))).isEqualTo("not ours\n");
    }

    @Test
    void unshieldWithAWrongKeyStorePassword_isReportedBeforeAMissingImage() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong-missing.pw"), "not the password\n");
        GfctlRunner.Result r = GfctlRunner.run("--home", dir.resolve("no-fabric").toString(), "unshield", "--in",
                dir.resolve("no-such.luks").toString(), "--out", dir.resolve("no-such.raw").toString(), "--owner-key",
                f.owner.toString(), "--password-file", wrong.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(6);
        assertThat(r.err()).contains("wrong password");
    }

    @Test
    void unshieldWithAWrongKeyStorePassword_isReportedBeforeAMissingKeyProtector() throws Exception {
        // the key store decrypts while the key protector is read: its error must still come first
        Path wrong = Files.writeString(dir.resolve("wrong-unshield.pw"), "not the password\n");
        Path out = dir.resolve("wrong-password.raw");
        GfctlRunner.Result r = GfctlRunner.run("--home", dir.resolve("no-fabric").toString(), "unshield", "--in",
                shielded.toString(), "--kp", dir.resolve("missing.kp").toString(), "--out", out.toString(), "--owner-key",
                f.owner.toString(), "--password-file", wrong.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(6);
        assertThat(r.err()).contains("wrong password");
        assertThat(out).doesNotExist();
    }

    @Test
    void truncatedImage_isAClearError_andNothingIsWritten() throws Exception {
        Path cut = dir.resolve("cut.luks");
        Files.copy(shielded, cut);
        Files.copy(Path.of(shielded + ".kp"), Path.of(cut + ".kp"));
        try (RandomAccessFile raf = new RandomAccessFile(cut.toFile(), "rw")) {
            raf.setLength(raf.length() - 3 * 512);
        }
        Path out = dir.resolve("cut.raw");
        GfctlRunner.Result u = f.gfctl("unshield", "--in", cut.toString(), "--out", out.toString(),
                "--owner-key", f.owner.toString());
        assertThat(u.exitCode()).isNotZero();
        assertThat(u.err()).containsIgnoringCase("truncated");
        assertThat(out).doesNotExist();
        assertThat(GfctlRunner.run("verify", cut.toString()).exitCode()).isEqualTo(4);
    }

    @Test
    void nonLuksFile_isAClearError() throws Exception {
        Path out = dir.resolve("x.raw");
        GfctlRunner.Result u = GfctlRunner.run("unshield", "--in", image.toString(), "--out", out.toString(),
                "--passphrase-file", f.passwordFile.toString());
        assertThat(u.exitCode()).isNotZero();
        assertThat(u.err()).contains("not a LUKS");
        assertThat(out).doesNotExist();
    }

    @Test
    void missingOrForeignKeyProtector_isAClearError() throws Exception {
        Path lone = dir.resolve("lone.luks");
        Files.copy(shielded, lone);
        Path out = dir.resolve("lone.raw");
        GfctlRunner.Result missing = f.gfctl("unshield", "--in", lone.toString(), "--out", out.toString(),
                "--owner-key", f.owner.toString());
        assertThat(missing.exitCode()).isEqualTo(5);
        assertThat(missing.err()).contains("lone.luks.kp");
        assertThat(out).doesNotExist();

        Path second = dir.resolve("second.luks");
        assertThat(f.shield(image, second).exitCode()).isZero();
        Files.copy(Path.of(second + ".kp"), Path.of(lone + ".kp"));
        GfctlRunner.Result foreign = f.gfctl("unshield", "--in", lone.toString(), "--out", out.toString(),
                "--owner-key", f.owner.toString());
        assertThat(foreign.exitCode()).isEqualTo(4);
        assertThat(foreign.err()).contains("does not belong");
        assertThat(out).doesNotExist();
        assertThat(GfctlRunner.run("verify", lone.toString()).exitCode()).isEqualTo(4);
    }

    private static void flip(Path file, long offset) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x01);
        }
    }
}
