package org.gfctl.cli.host;

import java.nio.file.Path;
import org.gfctl.cli.GfctlSubcommand;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gfctl attest}: prove a host's state and obtain a health certificate. */
@Command(name = "attest", header = "Attest a host with a TPM quote and event log; issue a health certificate.")
public final class AttestCommand extends GfctlSubcommand {

    static final class Fresh {
        @Option(names = "--tpm", paramLabel = "SPEC", required = true,
                description = "device:/dev/tpmrm0 | swtpm:HOST:PORT | mssim:HOST:PORT")
        String tpm;

        @Option(names = "--host", paramLabel = "N", description = "Enrolled host name (default: this machine's).")
        String host;

        @Option(names = "--policy", paramLabel = "NAME", description = "Attestation policy (default: the host's baseline).")
        String policy;

        @Option(names = "--out", paramLabel = "HEALTH.pem", description = "Write the health certificate here.")
        Path out;
    }

    static final class Mode {
        @ArgGroup(exclusive = false)
        Fresh fresh;

        @Option(names = "--reverify", paramLabel = "ID", description = "Re-verify a stored attestation's evidence.")
        Long reverify;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Override
    public Integer call() {
        return notImplemented();
    }
}
