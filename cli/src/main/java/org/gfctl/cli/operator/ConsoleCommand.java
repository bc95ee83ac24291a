package org.gfctl.cli.operator;

import java.nio.file.Path;
import org.gfctl.cli.GfctlSubcommand;
import picocli.CommandLine.Command;

/** {@code gfctl console}: an interactive shell that runs gfctl commands. */
@Command(name = "console", header = "Interactive shell with completion and history.",
        description = "TAB completes commands, options, option values, TPM specs and the fabric's host and volume names;"
                + " history is kept in HOME/history; Ctrl-C cancels the running command, not the shell; 'help', 'exit'.")
public final class ConsoleCommand extends GfctlSubcommand {
    @Override
    public Integer call() throws Exception {
        Path home = global().home();
        audit().skip();
        return new ConsoleShell(home, global().store()).run();
    }
}
