package org.gfctl.cli.operator;

import org.gfctl.cli.CompletionScripts;
import org.gfctl.cli.GfctlSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gfctl completion bash|zsh}: print a shell completion script. */
@Command(name = "completion", header = "Print the bash or zsh completion script.",
        description = {"Load it with: source <(gfctl completion bash)"})
public final class CompletionCommand extends GfctlSubcommand {

    /** Shells with a completion script. */
    public enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}")
    Shell shell;

    @Override
    public Integer call() {
        output().out().print(CompletionScripts.script(shell.name()));
        return 0;
    }
}
