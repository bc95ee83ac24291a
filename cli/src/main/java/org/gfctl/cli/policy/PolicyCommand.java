package org.gfctl.cli.policy;

import java.nio.file.Path;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gfctl policy}: attestation and release policy documents. */
@Command(name = "policy", header = "Validate attestation and release policies.", synopsisSubcommandLabel = "COMMAND",
        subcommands = {PolicyCommand.Validate.class})
public final class PolicyCommand {

    @Mixin
    HelpOption help;

    @Command(name = "validate", header = "Check a policy document; report every error with line and column.")
    public static final class Validate extends GfctlSubcommand {
        @Parameters(paramLabel = "FILE") Path file;

        @Override
        public Integer call() {
            return notImplemented();
        }
    }
}
