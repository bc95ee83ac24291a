package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.DiskImages;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's owner recovery (openssl and cryptsetup or qemu-img alone, no gfctl) runs as printed
 * on an image gfctl shielded and gives back its bytes. The block is read from README.md, so the
 * test fails when the document drifts from the key protector's format.
 *
 * <p>Two changes, because the README's commands are typed at a prompt: {@code openssl pkcs12}
 * gets {@code -passin file:pw} (it would ask on the terminal), and {@code cryptsetup open} gets
 * {@code --test-passphrase} (mapping a device needs device-mapper; the test checks that keyslot 0
 * accepts the secret, and the qemu-img line that follows it decrypts the payload).
 */
class ReadmeRecoveryTest {
    private static final String INTRO = "The owner never depends on gfctl";

    @TempDir
    Path dir;

    @Test
    void theReadmesRecoveryCommands_giveBackTheImage_withoutGfctl() throws Exception {
        Tools.require("openssl", "openssl");
        Tools.require("cryptsetup", "cryptsetup-bin");
        Tools.require("qemu-img", "qemu-utils");
        List<String> block = recoveryBlock(Files.readAllLines(Path.of("..", "README.md")));
        assertThat(block).anyMatch(l -> l.startsWith("openssl cms -decrypt")).anyMatch(l -> l.startsWith("qemu-img convert"));

        Path pw = Files.writeString(dir.resolve("pw"), "tenant password\n");
        GfctlRunner.Result init = GfctlRunner.run("--home", dir.resolve("no-fabric").toString(), "owner", "init", "--out",
                dir.resolve("tenant.p12").toString(), "--password-file", pw.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
        Path original = DiskImages.generate(dir.resolve("original.raw"), 3 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 61);
        GfctlRunner.Result shield = GfctlRunner.run("--home", dir.resolve("no-fabric").toString(), "shield-vm", "--in",
                original.toString(), "--out", dir.resolve("vm.luks").toString(), "--owner",
                dir.resolve("tenant.p12").toString(), "--password-file", pw.toString());
        assertThat(shield.exitCode()).as(shield.err()).isZero();

        List<String> script = new ArrayList<>(List.of("set -euo pipefail"));
        for (String line : block) {
            script.add(line.replaceFirst("^openssl pkcs12 ", "openssl pkcs12 -passin file:pw ")
                    .replaceFirst("^cryptsetup open ", "cryptsetup open --test-passphrase "));
        }
        Path sh = Files.write(dir.resolve("recover.sh"), script);
        Processes.Result r = Processes.run(dir, null, Map.of("PATH", System.getenv("PATH") + ":/usr/sbin:/sbin"),
                List.of("bash", sh.toString()));
        assertThat(r.exitCode()).as("%s%n%s", String.join("\n", script), r.stderr()).isZero();
        assertThat(Files.mismatch(dir.resolve("vm.raw"), original)).isEqualTo(-1);
        // its last line removes the owner's key and the secret again
        assertThat(dir.resolve("tenant.key")).doesNotExist();
        assertThat(dir.resolve("vm.secret")).doesNotExist();
    }

    /** The lines of the first ```sh block after {@link #INTRO}. */
    private static List<String> recoveryBlock(List<String> readme) {
        int intro = -1;
        for (int i = 0; i < readme.size() && intro < 0; i++) {
            if (readme.get(i).startsWith(INTRO)) {
                intro = i;
            }
        }
        assertThat(intro).as("README.md has the recovery paragraph (\"%s\")", INTRO).isNotNegative();
        int start = intro;
        while (!readme.get(start).equals("```sh")) {
            start++;
        }
        int end = start + 1;
        while (!readme.get(end).equals("```")) {
            end++;
        }
        return readme.subList(start + 1, end);
    }
}
