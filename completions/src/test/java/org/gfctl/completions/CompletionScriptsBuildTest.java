package org.gfctl.completions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gfctl.cli.Gfctl;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.Test;

/**
 * The scripts the build wrote to {@code target/completions} (process-classes, before the tests):
 * the same bytes as {@code gfctl completion bash|zsh}, and bash really completes with them.
 */
class CompletionScriptsBuildTest {

    private static final Path BASH = Path.of("target", "completions", "gfctl");
    private static final Path ZSH = Path.of("target", "completions", "_gfctl");

    @Test
    void buildTimeScripts_areIdenticalToTheRuntimeScripts() throws IOException {
        assertThat(Files.readString(BASH)).isEqualTo(runtime("bash"));
        assertThat(Files.readString(ZSH)).isEqualTo(runtime("zsh"));
    }

    @Test
    void bash_completesACommandFromAPrefix() {
        assertThat(complete("gfctl", "shield-")).isEqualTo("shield-vm");
    }

    @Test
    void bash_completesSubcommandsOptionsAndEnumValues() {
        assertThat(complete("gfctl", "key", "re")).isEqualTo("reveal release");
        assertThat(complete("gfctl", "shield-vm", "--ow")).isEqualTo("--owner");
        assertThat(complete("gfctl", "-o", "")).isEqualTo("text json yaml");
    }

    @Test
    void bash_registersTheCompletionFunctionForGfctl() {
        String bash = Tools.require("bash", "bash");
        Processes.Result r = Processes.run(bash, "-c", "source " + BASH + " && complete -p gfctl").requireSuccess();
        assertThat(r.stdout()).contains("-F _complete_gfctl").contains("gfctl");
    }

    /** Runs picocli's completion function as bash would for the words typed so far (the last one is being completed). */
    private static String complete(String... words) {
        String bash = Tools.require("bash", "bash");
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append('\'');
        }
        String line = String.join(" ", words);
        String script = "source " + BASH + "\n"
                + "COMP_WORDS=(" + array + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + line + "'\n"
                + "COMP_POINT=${#COMP_LINE}\n"
                + "_complete_gfctl\n"
                + "echo \"${COMPREPLY[*]}\"\n";
        // compopt complains on stderr outside a real completion; only the replies matter.
        return Processes.run(bash, "-c", script).requireSuccess().stdout().strip();
    }

    private static String runtime(String shell) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Gfctl.run(new PrintWriter(out), new PrintWriter(err), "completion", shell);
        assertThat(code).as("gfctl completion %s: %s", shell, err).isZero();
        return out.toString();
    }
}
