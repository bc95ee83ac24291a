package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.DiskImages;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No unlock secret or volume key ever appears in stdout, stderr, JSON output, error traces, the
 * audit log (as listed, reported, or stored in the fabric's database).
 */
class SecretLeakTest {
    @TempDir
    Path dir;

    @Test
    void noSecretInAnyOutput_ofEveryDiskCommand_evenVerboseOrFailing() throws Exception {
        String cryptsetup = Tools.require("cryptsetup", "cryptsetup-bin");
        Fixtures f = Fixtures.create(dir, "rsa3072");
        Path image = DiskImages.generate(dir.resolve("vm.raw"), 3 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 9);
        Path shielded = dir.resolve("vm.luks");
        String home = dir.resolve("home").toString();
        assertThat(GfctlRunner.run("--home", home, "fabric", "init").exitCode()).isZero();
        List<GfctlRunner.Result> results = new ArrayList<>();
        results.add(f.gfctl("--home", home, "-v", "-o", "json", "shield-vm", "--in", image.toString(), "--out",
                shielded.toString(), "--owner", f.owner.toString()));
        Path secretFile = dir.resolve("secret");
        results.add(f.gfctl("--home", home, "-v", "key", "reveal", "--in", shielded.toString(), "--owner-key",
                f.owner.toString(), "--out", secretFile.toString()));
        results.add(f.gfctl("--home", home, "-v", "-o", "json", "key", "reveal", "--in", shielded.toString(),
                "--owner-key", f.owner.toString(), "--out", dir.resolve("secret-2").toString()));
        for (String format : List.of("text", "json", "yaml")) {
            results.add(f.gfctl("--home", home, "-v", "-o", format, "unshield", "--in", shielded.toString(), "--out",
                    dir.resolve("out-" + format + ".raw").toString(), "--owner-key", f.owner.toString()));
            results.add(GfctlRunner.run("--home", home, "-v", "-o", format, "verify", shielded.toString()));
        }
        // failures: existing output, wrong passphrase, a chunk found damaged in the middle of the disk pass
        results.add(f.gfctl("--home", home, "-v", "unshield", "--in", shielded.toString(), "--out",
                dir.resolve("out-text.raw").toString(), "--owner-key", f.owner.toString()));
        results.add(GfctlRunner.run("--home", home, "-v", "-o", "json", "unshield", "--in", shielded.toString(), "--out",
                dir.resolve("bad.raw").toString(), "--passphrase-file", f.passwordFile.toString()));
        Path damaged = dir.resolve("damaged.luks");
        Files.copy(shielded, damaged);
        Files.copy(Path.of(shielded + ".kp"), Path.of(damaged + ".kp"));
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(damaged.toFile(), "rw")) {
            raf.seek(Files.size(shielded) - DiskImages.EXTENT - 100);
            raf.write(raf.read() ^ 1);
        }
        GfctlRunner.Result midPass = f.gfctl("--home", home, "-v", "unshield", "--in", damaged.toString(), "--out",
                dir.resolve("damaged.raw").toString(), "--owner-key", f.owner.toString());
        assertThat(midPass.exitCode()).as(midPass.err()).isEqualTo(4);
        results.add(midPass);
        // what the audit trail holds, as an auditor sees it
        results.add(GfctlRunner.run("--home", home, "-o", "json", "audit", "log"));
        results.add(GfctlRunner.run("--home", home, "audit", "log"));
        results.add(GfctlRunner.run("--home", home, "audit", "report", "--framework", "all", "--format", "json"));
        assertThat(results.get(0).exitCode()).as(results.get(0).err()).isZero();
        assertThat(results.get(results.size() - 3).out()).contains("key.reveal").contains("unshield");

        String secret = Files.readString(secretFile);
        String dump = Processes.run(null, Files.readAllBytes(secretFile), List.of(cryptsetup, "luksDump",
                "--dump-master-key", "--batch-mode", "--key-file", "-", shielded.toString())).requireSuccess().stdout();
        Matcher m = Pattern.compile("MK dump:\\s*((?:[0-9a-f]{2}\\s*)+)").matcher(dump);
        assertThat(m.find()).as(dump).isTrue();
        byte[] volumeKey = HexFormat.of().parseHex(m.group(1).replaceAll("\\s", ""));
        assertThat(volumeKey).hasSize(64);

        List<String> needles = List.of(secret, HexFormat.of().formatHex(volumeKey),
                HexFormat.of().withUpperCase().formatHex(volumeKey), Base64.getEncoder().encodeToString(volumeKey),
                Base64.getUrlEncoder().withoutPadding().encodeToString(volumeKey),
                HexFormat.of().formatHex(volumeKey, 0, 16));
        for (GfctlRunner.Result r : results) {
            for (String needle : needles) {
                assertThat(r.out()).doesNotContain(needle);
                assertThat(r.err()).doesNotContain(needle);
            }
        }
        // nor in the fabric's database, the audit tables included, in any encoding or as raw bytes
        StringBuilder stored = new StringBuilder();
        for (String file : List.of("fabric.db", "fabric.db-wal")) { // the write-ahead log too, if not checkpointed
            Path p = dir.resolve("home").resolve(file);
            if (Files.exists(p)) {
                stored.append(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        String dbText = stored.toString();
        assertThat(dbText).contains("key.reveal"); // the entries are there to search
        for (String needle : needles) {
            assertThat(dbText).doesNotContain(needle);
        }
        assertThat(dbText).doesNotContain(new String(volumeKey, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(volumeKey, 0, 16, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /**
     * The same search over the real stdout and stderr of gfctl in JVMs of their own (what a shell or
     * CI log sees, JVM and library output included), for the commands that handle the secret: key
     * reveal, unshield given the secret itself ({@code --passphrase-file}, verbose, text and JSON,
     * and failing), rotate-key --new-secret; the old and the new secret, each also as its raw bytes
     * in hex and standard base64, and the volume key.
     */
    @Test
    void noSecretInTheProcessStreams_ofCommandsInJvmsOfTheirOwn() throws Exception {
        String cryptsetup = Tools.require("cryptsetup", "cryptsetup-bin");
        Fixtures f = Fixtures.create(dir, "ecp384");
        Path image = DiskImages.generate(dir.resolve("own.raw"), 2 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 19);
        Path shielded = dir.resolve("own.luks");
        String home = dir.resolve("own-home").toString();
        StringBuilder streams = new StringBuilder();
        streams.append(ownJvm(f, 0, "--home", home, "fabric", "init"));
        streams.append(ownJvm(f, 0, "--home", home, "-v", "shield-vm", "--in", image.toString(), "--out",
                shielded.toString(), "--owner", f.owner.toString()));
        Path secretFile = dir.resolve("own.secret");
        streams.append(ownJvm(f, 0, "--home", home, "-v", "key", "reveal", "--in", shielded.toString(), "--owner-key",
                f.owner.toString(), "--out", secretFile.toString()));
        String secret = Files.readString(secretFile);
        byte[] volumeKey = volumeKey(cryptsetup, secretFile, shielded);
        for (String format : List.of("text", "json")) {
            streams.append(ownJvm(f, 0, "--home", home, "-v", "-o", format, "unshield", "--in", shielded.toString(),
                    "--out", dir.resolve("own-" + format + ".raw").toString(), "--passphrase-file", secretFile.toString()));
        }
        // failing with the secret in hand: the output exists already (exit 1)
        streams.append(ownJvm(f, 1, "--home", home, "-v", "unshield", "--in", shielded.toString(), "--out",
                dir.resolve("own-text.raw").toString(), "--passphrase-file", secretFile.toString()));
        streams.append(ownJvm(f, 0, "--home", home, "-v", "-o", "json", "rotate-key", "--in", shielded.toString(),
                "--owner-key", f.owner.toString(), "--new-secret"));
        Path newSecretFile = dir.resolve("own-new.secret");
        streams.append(ownJvm(f, 0, "--home", home, "key", "reveal", "--in", shielded.toString(), "--owner-key",
                f.owner.toString(), "--out", newSecretFile.toString()));
        String newSecret = Files.readString(newSecretFile);
        assertThat(newSecret).isNotEqualTo(secret);
        streams.append(ownJvm(f, 0, "--home", home, "-v", "unshield", "--in", shielded.toString(), "--out",
                dir.resolve("own-new.raw").toString(), "--passphrase-file", newSecretFile.toString()));
        streams.append(ownJvm(f, 0, "--home", home, "-o", "json", "audit", "log"));
        assertThat(streams).contains("key.reveal").contains("rotate-key");

        List<String> needles = new ArrayList<>();
        for (String s : List.of(secret, newSecret)) {
            byte[] raw = Base64.getUrlDecoder().decode(s.strip());
            assertThat(raw).hasSize(32);
            needles.addAll(List.of(s.strip(), HexFormat.of().formatHex(raw), Base64.getEncoder().encodeToString(raw)));
        }
        needles.addAll(List.of(HexFormat.of().formatHex(volumeKey), Base64.getEncoder().encodeToString(volumeKey),
                HexFormat.of().formatHex(volumeKey, 0, 16)));
        for (String needle : needles) {
            assertThat(streams.toString()).doesNotContain(needle);
        }
    }

    /**
     * Runs gfctl in a JVM of its own (with the owner's password file, except for {@code audit},
     * which takes none), expects {@code exit}, and returns its stdout and stderr.
     */
    private String ownJvm(Fixtures f, int exit, String... args) throws Exception {
        return Fixtures.runToEnd(List.of(args).contains("audit") ? Fixtures.gfctlInOwnJvm(args) : f.ownJvm(args),
                java.util.Map.of(), exit);
    }

    private static byte[] volumeKey(String cryptsetup, Path secretFile, Path shielded) throws Exception {
        String dump = Processes.run(null, Files.readAllBytes(secretFile), List.of(cryptsetup, "luksDump",
                "--dump-master-key", "--batch-mode", "--key-file", "-", shielded.toString())).requireSuccess().stdout();
        Matcher m = Pattern.compile("MK dump:\\s*((?:[0-9a-f]{2}\\s*)+)").matcher(dump);
        assertThat(m.find()).as(dump).isTrue();
        return HexFormat.of().parseHex(m.group(1).replaceAll("\\s", ""));
    }
}
