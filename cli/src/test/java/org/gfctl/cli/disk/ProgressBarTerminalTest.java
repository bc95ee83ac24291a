package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gfctl.testing.DiskImages;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress bar on a real terminal (a pty from util-linux {@code script}): drawn on stderr with
 * percent, MB/s and ETA even when stdout goes to a file; nothing with {@code -q} or {@code -o json}.
 * The same for shield-vm, unshield and verify.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgressBarTerminalTest {
    @TempDir
    static Path dir;
    Fixtures f;
    Path image;
    Path shielded;
    String script;

    @BeforeAll
    void prepare() throws Exception {
        script = Tools.require("script", "bsdutils");
        f = Fixtures.create(dir, "ecp384");
        image = DiskImages.generate(dir.resolve("vm.raw"), 32L * DiskImages.EXTENT, DiskImages.Layout.RANDOM, 4);
        shielded = dir.resolve("vm.luks");
        assertThat(f.shield(image, shielded).exitCode()).isZero();
    }

    /** What the terminal showed while gfctl shield-vm ran with {@code options} and stdout sent to a file. */
    private String terminal(String name, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("shield-vm", "--in", image.toString(), "--out", dir.resolve(name + ".luks").toString(),
                "--owner", f.owner.toString()));
        return terminal(name, true, args);
    }

    /** What the terminal showed while gfctl ran with {@code args} (and the owner's password file, if asked). */
    private String terminal(String name, boolean password, List<String> args) throws Exception {
        String[] given = args.toArray(String[]::new);
        List<String> cmd = password ? f.ownJvm(given) : Fixtures.gfctlInOwnJvm(given);
        String line = String.join(" ", cmd.stream().map(a -> "'" + a + "'").toList()) + " > "
                + dir.resolve(name + ".stdout");
        Path typescript = dir.resolve(name + ".typescript");
        Processes.run(script, "-qfec", line, typescript.toString()).requireSuccess();
        return Files.readString(typescript);
    }

    @Test
    void theBarIsDrawnOnTheTerminal_whenOnlyStdoutIsRedirected() throws Exception {
        String shown = terminal("bar");
        assertThat(shown).contains("shield-vm [").contains("100%").contains("MB/s").contains("ETA");
        assertThat(Files.readString(dir.resolve("bar.stdout"))).contains("Shielded").doesNotContain("ETA");
    }

    @Test
    void unshieldAndVerify_drawTheirBars_andNothingWithQuietOrJson() throws Exception {
        for (String[] mode : new String[][] {{}, {"-q"}, {"-o", "json"}}) {
            String name = "unshield" + String.join("", mode).replace("-", "_");
            List<String> u = new ArrayList<>(List.of(mode));
            u.addAll(List.of("unshield", "--in", shielded.toString(), "--out", dir.resolve(name + ".raw").toString(),
                    "--owner-key", f.owner.toString()));
            String shown = terminal(name, true, u);
            List<String> v = new ArrayList<>(List.of(mode));
            v.addAll(List.of("verify", shielded.toString()));
            String verified = terminal("verify" + name, false, v);
            if (mode.length == 0) {
                assertThat(shown).contains("unshield [").contains("100%").contains("MB/s").contains("ETA");
                assertThat(verified).contains("verify [").contains("100%").contains("MB/s").contains("ETA");
            } else {
                assertThat(shown).as("unshield %s", List.of(mode)).doesNotContain("ETA");
                assertThat(verified).as("verify %s", List.of(mode)).doesNotContain("ETA");
            }
            assertThat(Files.mismatch(dir.resolve(name + ".raw"), image)).isEqualTo(-1);
        }
    }

    @Test
    void quietAndJson_drawNothing() throws Exception {
        assertThat(terminal("quiet", "-q")).doesNotContain("ETA");
        assertThat(terminal("json", "-o", "json")).doesNotContain("ETA");
        assertThat(Files.readString(dir.resolve("json.stdout"))).contains("\"volumeUuid\"");
    }
}
