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

/** No unlock secret or volume key ever appears in stdout, stderr, JSON output or error traces. */
class SecretLeakTest {
    @TempDir
    Path dir;

    @Test
    void noSecretInAnyOutput_ofEveryDiskCommand_evenVerboseOrFailing() throws Exception {
        String cryptsetup = Tools.require("cryptsetup", "cryptsetup-bin");
        Fixtures f = Fixtures.create(dir, "rsa3072");
        Path image = DiskImages.generate(dir.resolve("vm.raw"), 3 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 9);
        Path shielded = dir.resolve("vm.luks");
        List<GfctlRunner.Result> results = new ArrayList<>();
        results.add(f.gfctl("-v", "-o", "json", "shield-vm", "--in", image.toString(), "--out", shielded.toString(),
                "--owner", f.owner.toString()));
        Path secretFile = dir.resolve("secret");
        results.add(f.gfctl("-v", "key", "reveal", "--in", shielded.toString(), "--owner-key", f.owner.toString(),
                "--out", secretFile.toString()));
        for (String format : List.of("text", "json", "yaml")) {
            results.add(f.gfctl("-v", "-o", format, "unshield", "--in", shielded.toString(), "--out",
                    dir.resolve("out-" + format + ".raw").toString(), "--owner-key", f.owner.toString()));
            results.add(GfctlRunner.run("-v", "-o", format, "verify", shielded.toString()));
        }
        // failures: existing output, wrong passphrase
        results.add(f.gfctl("-v", "unshield", "--in", shielded.toString(), "--out", dir.resolve("out-text.raw").toString(),
                "--owner-key", f.owner.toString()));
        results.add(GfctlRunner.run("-v", "-o", "json", "unshield", "--in", shielded.toString(), "--out",
                dir.resolve("bad.raw").toString(), "--passphrase-file", f.passwordFile.toString()));
        assertThat(results.get(0).exitCode()).as(results.get(0).err()).isZero();

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
    }
}
