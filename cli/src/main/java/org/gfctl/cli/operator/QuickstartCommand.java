package org.gfctl.cli.operator;

import java.nio.file.Path;
import org.gfctl.cli.GfctlSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gfctl quickstart}: the whole flow on this machine, in a throwaway fabric. */
@Command(name = "quickstart", header = "Run the whole flow on this machine: fabric, host, attest, shield, release, unshield.")
public final class QuickstartCommand extends GfctlSubcommand {
    @Option(names = "--image", paramLabel = "IMAGE", description = "Disk image to use (default: a generated 256 MiB image).")
    Path image;

    @Override
    public Integer call() {
        return notImplemented();
    }
}
