package org.gfctl.cli.operator;

import org.gfctl.cli.GfctlSubcommand;
import picocli.CommandLine.Command;

/** {@code gfctl console}: an interactive shell that runs gfctl commands. */
@Command(name = "console", header = "Interactive shell with completion and history.")
public final class ConsoleCommand extends GfctlSubcommand {
    @Override
    public Integer call() {
        return notImplemented();
    }
}
