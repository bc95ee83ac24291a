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
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgressBarTerminalTest {
    @TempDir
    static Path dir;
    Fixtures f;
    Path image;
    String script;

    @BeforeAll
    void prepare() throws Exception {
        script = Tools.require("script", "bsdutils");
        f = Fixtures.create(dir, "ecp384");
        image = DiskImages.generate(dir.resolve("vm.raw"), 32L * DiskImages.EXTENT, DiskImages.Layout.RANDOM, 4);
    }

    /** What the terminal showed while gfctl ran with {@code options} and stdout sent to a file. */
    private String terminal(String name, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("shield-vm", "--in", image.toString(), "--out", dir.resolve(name + ".luks").toString(),
                "--owner", f.owner.toString()));
        List<String> cmd = f.ownJvm(args.toArray(String[]::new));
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
    void quietAndJson_drawNothing() throws Exception {
        assertThat(terminal("quiet", "-q")).doesNotContain("ETA");
        assertThat(terminal("json", "-o", "json")).doesNotContain("ETA");
        assertThat(Files.readString(dir.resolve("json.stdout"))).contains("\"volumeUuid\"");
    }
}
