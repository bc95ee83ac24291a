package org.gfctl.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} for every subcommand (the root also has {@code --version}). */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
