package org.gfctl.cli.fabric;

import java.nio.file.Path;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.HelpOption;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gfctl fabric}: the guardian's own keys, store and trust anchors. */
@Command(name = "fabric", header = "Create and manage the fabric: guardian keys, store, trusted TPM CAs.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {FabricCommand.Init.class, FabricCommand.TrustTpmCa.class,
                FabricCommand.ExportCerts.class, FabricCommand.RotateGuardian.class})
public final class FabricCommand {

    @Mixin
    HelpOption help;

    @Command(name = "init", header = "Create the guardian keys, attestation CA, audit key and the store.")
    public static final class Init extends GfctlSubcommand {
        static final class KeySource {
            @Option(names = "--guardian-keystore", paramLabel = "P12",
                    description = "Import the guardian keys from this PKCS#12 instead of generating them.")
            Path keystore;

            @Option(names = "--pkcs11", paramLabel = "CONFIG",
                    description = "Keep the guardian keys on a PKCS#11 token (SunPKCS11 configuration file).")
            Path pkcs11;
        }

        @ArgGroup(exclusive = true)
        KeySource keySource;

        @Option(names = "--force", description = "Replace an existing fabric under --home.")
        boolean force;

        @Override
        public Integer call() {
            return notImplemented();
        }
    }

    @Command(name = "trust-tpm-ca", header = "Trust a TPM vendor root or intermediate CA certificate.")
    public static final class TrustTpmCa extends GfctlSubcommand {
        @Parameters(paramLabel = "CERT.pem", description = "The CA certificate (PEM or DER).")
        Path cert;

        @Override
        public Integer call() {
            return notImplemented();
        }
    }

    @Command(name = "export-certs", header = "Write the guardian's public certificates to a directory.")
    public static final class ExportCerts extends GfctlSubcommand {
        @Option(names = "--out", paramLabel = "DIR", required = true,
                description = "Directory for guardian.crt, attestation-ca.crt and audit.crt.")
        Path out;

        @Override
        public Integer call() {
            return notImplemented();
        }
    }

    @Command(name = "rotate-guardian", header = "Create a new guardian key and rewrap every inventoried key protector.")
    public static final class RotateGuardian extends GfctlSubcommand {
        @Override
        public Integer call() {
            return notImplemented();
        }
    }
}
