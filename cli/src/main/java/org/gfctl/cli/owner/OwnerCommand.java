package org.gfctl.cli.owner;

import java.nio.file.Path;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gfctl owner}: tenant (VM owner) keys. */
@Command(name = "owner", header = "Manage tenant (VM owner) keys.", synopsisSubcommandLabel = "COMMAND",
        subcommands = {OwnerCommand.Init.class})
public final class OwnerCommand {

    @Mixin
    HelpOption help;

    /** Key algorithms for an owner key. */
    public enum KeyType { rsa3072, ecp384 }

    @Command(name = "init", header = "Create an owner key and self-signed certificate in a PKCS#12 file.")
    public static final class Init extends GfctlSubcommand {
        @Option(names = "--out", paramLabel = "OWNER.p12", required = true,
                description = "The PKCS#12 file to create (mode 0600).")
        Path out;

        @Option(names = "--subject", paramLabel = "DN",
                description = "Certificate subject, e.g. 'CN=tenant-a,O=Example' (default: CN=<user>).")
        String subject;

        @Option(names = "--key", paramLabel = "TYPE", defaultValue = "rsa3072",
                description = "Key type: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        KeyType key;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "Read the PKCS#12 password from FILE (else $GFCTL_PASSWORD, else a prompt).")
        Path passwordFile;

        @Override
        public Integer call() {
            return notImplemented();
        }
    }
}
