package org.gfctl.cli.key;

import java.nio.file.Path;
import java.util.Map;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.disk.FabricHandle;
import org.gfctl.cli.disk.OwnerArgs;
import org.gfctl.core.shield.KeyRevealService;
import org.gfctl.core.shield.UnlockSource;
import org.gfctl.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gfctl key}: obtain a shielded image's unlock secret, by owner key or by TPM-bound release. */
@Command(name = "key", header = "Reveal, release and unwrap unlock secrets.", synopsisSubcommandLabel = "COMMAND",
        subcommands = {KeyCommand.Reveal.class, KeyCommand.Release.class, KeyCommand.Unwrap.class})
public final class KeyCommand {

    @Mixin
    HelpOption help;

    @Command(name = "reveal", header = "Write the unlock secret for qemu/cryptsetup, using the owner key.")
    public static final class Reveal extends GfctlSubcommand {
        @Option(names = "--in", paramLabel = "SHIELDED", required = true)
        Path in;

        @Option(names = "--owner-key", paramLabel = "OWNER.p12", required = true)
        Path ownerKey;

        @Option(names = "--out", paramLabel = "SECRET", required = true, description = "Secret file to create (mode 0600).")
        Path out;

        @Option(names = "--kp", paramLabel = "PATH", description = "Key protector path (default: SHIELDED.kp).")
        Path kp;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Password of OWNER.p12.")
        Path passwordFile;

        @Override
        public Integer call() {
            String uuid;
            try (FabricHandle fabric = new FabricHandle(fabricIfExists())) {
                UnlockSource.Owner owner = OwnerArgs.unlockSource(OwnerArgs.loadKey(ownerKey, passwordFile), fabric.fabric());
                uuid = KeyRevealService.reveal(in, kp, owner, out);
            }
            output().result(Map.of("volumeUuid", uuid, "secretFile", out.toAbsolutePath().toString()),
                    w -> w.printf("Wrote the unlock secret of %s to %s (mode 0600)%n"
                            + "  qemu: --object secret,id=sec0,file=%s  cryptsetup: --key-file %s%n", uuid, out, out, out));
            return 0;
        }
    }

    @Command(name = "release", header = "Guardian side: re-wrap the unlock secret to an attested host's binding key.")
    public static final class Release extends GfctlSubcommand {
        @Option(names = "--in", paramLabel = "SHIELDED", required = true)
        Path in;

        @Option(names = "--health", paramLabel = "HEALTH.pem", required = true, description = "The host's health certificate.")
        Path health;

        @Option(names = "--out", paramLabel = "RELEASED.kp", required = true)
        Path out;

        @Override
        public Integer call() {
            return notImplemented();
        }
    }

    @Command(name = "unwrap", header = "Host side: decrypt a released key inside the TPM.")
    public static final class Unwrap extends GfctlSubcommand {
        @Option(names = "--tpm", paramLabel = "SPEC", required = true)
        String tpm;

        @Option(names = "--released", paramLabel = "RELEASED.kp", required = true)
        Path released;

        @Option(names = "--out", paramLabel = "SECRET", required = true, description = "Secret file to create (mode 0600).")
        Path out;

        @Override
        public Integer call() {
            return notImplemented();
        }
    }
}
