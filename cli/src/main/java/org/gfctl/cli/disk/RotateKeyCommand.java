package org.gfctl.cli.disk;

import java.nio.file.Path;
import java.util.List;
import org.gfctl.cli.GfctlSubcommand;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gfctl rotate-key}: rewrap, replace the unlock secret, or re-encrypt a shielded image. */
@Command(name = "rotate-key", header = "Rotate a shielded image's keys: rewrap, new secret, or re-encrypt.")
public final class RotateKeyCommand extends GfctlSubcommand {
    @Option(names = "--in", paramLabel = "SHIELDED", required = true, description = "The shielded image.")
    Path in;

    static final class Reencrypt {
        @Option(names = "--reencrypt", required = true, description = "New volume key; every sector re-encrypted.")
        boolean reencrypt;

        @Option(names = "--in-place", description = "Rewrite the image itself (resumable after a crash).")
        boolean inPlace;
    }

    static final class Mode {
        @Option(names = "--rewrap", description = "Change key-protector recipients; no data rewrite.")
        boolean rewrap;

        @Option(names = "--new-secret", description = "New unlock secret in a new keyslot; the old one wiped.")
        boolean newSecret;

        @ArgGroup(exclusive = false)
        Reencrypt reencrypt;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = "--owner-key", paramLabel = "OWNER.p12", description = "Owner key store.")
    Path ownerKey;

    @Option(names = "--out", paramLabel = "SHIELDED", description = "Output image for --reencrypt (default: next to the input).")
    Path out;

    @Option(names = "--add-recipient", paramLabel = "CERT", description = "Certificate to add as a recipient (--rewrap).")
    List<Path> add;

    @Option(names = "--remove-recipient", paramLabel = "CERT", description = "Certificate to remove as a recipient (--rewrap).")
    List<Path> remove;

    @Override
    public Integer call() {
        return notImplemented();
    }
}
