package org.gfctl.cli.disk;

import java.nio.file.Path;
import org.gfctl.cli.GfctlSubcommand;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gfctl unshield}: decrypt a shielded image back to a raw image. */
@Command(name = "unshield", header = "Decrypt a shielded image to a raw image (integrity checked first).")
public final class UnshieldCommand extends GfctlSubcommand {
    @Option(names = "--in", paramLabel = "SHIELDED", required = true, description = "The shielded image (never modified).")
    Path in;

    @Option(names = "--out", paramLabel = "IMAGE", required = true, description = "The raw image to create (sparse).")
    Path out;

    static final class TpmRelease {
        @Option(names = "--tpm", paramLabel = "SPEC", required = true, description = "The host TPM that holds the binding key.")
        String tpm;

        @Option(names = "--released", paramLabel = "R.kp", description = "Key released to this host by the guardian.")
        Path released;
    }

    static final class KeySource {
        @Option(names = "--owner-key", paramLabel = "OWNER.p12", description = "Owner key store.")
        Path ownerKey;

        @Option(names = "--passphrase-file", paramLabel = "F", description = "LUKS passphrase or unlock secret in a file.")
        Path passphraseFile;

        @ArgGroup(exclusive = false)
        TpmRelease tpm;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeySource key;

    @Option(names = "--kp", paramLabel = "PATH", description = "Key protector path (default: SHIELDED.kp).")
    Path kp;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per core).")
    Integer threads;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Password of OWNER.p12 (else $GFCTL_PASSWORD, else a prompt).")
    Path passwordFile;

    @Override
    public Integer call() {
        return notImplemented();
    }
}
