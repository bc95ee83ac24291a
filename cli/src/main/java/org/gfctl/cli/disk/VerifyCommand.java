package org.gfctl.cli.disk;

import java.nio.file.Path;
import org.gfctl.cli.GfctlSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gfctl verify}: check a shielded image's integrity without any key. */
@Command(name = "verify", header = "Check a shielded image against its signed integrity manifest (no key needed).")
public final class VerifyCommand extends GfctlSubcommand {
    @Parameters(paramLabel = "SHIELDED", description = "The shielded image.")
    Path image;

    @Option(names = "--kp", paramLabel = "PATH", description = "Key protector path (default: SHIELDED.kp).")
    Path kp;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per core).")
    Integer threads;

    @Override
    public Integer call() {
        return notImplemented();
    }
}
