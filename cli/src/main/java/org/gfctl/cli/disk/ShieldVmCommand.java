package org.gfctl.cli.disk;

import java.nio.file.Path;
import java.util.List;
import org.gfctl.cli.GfctlSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gfctl shield-vm}: encrypt a VM disk image into a shielded LUKS1 image. */
@Command(name = "shield-vm", header = "Encrypt a VM disk image into a shielded image with a key protector.")
public final class ShieldVmCommand extends GfctlSubcommand {
    @Option(names = "--in", paramLabel = "IMAGE", required = true, description = "Raw disk image to shield (never modified).")
    Path in;

    @Option(names = "--out", paramLabel = "SHIELDED", required = true, description = "The shielded LUKS1 image to create.")
    Path out;

    @Option(names = "--owner", paramLabel = "OWNER.p12|OWNER.crt", required = true,
            description = "Owner key store (signs the key protector) or certificate (the guardian signs).")
    Path owner;

    @Option(names = "--name", paramLabel = "VM", description = "Volume name in the inventory (default: the output file name).")
    String name;

    @Option(names = "--release-policy", paramLabel = "NAME", description = "Release policy recorded in the key protector.")
    String releasePolicy;

    @Option(names = "--kp", paramLabel = "PATH", description = "Key protector path (default: SHIELDED.kp).")
    Path kp;

    @Option(names = "--guardian", paramLabel = "CERT", description = "Add this guardian certificate as a recipient.")
    List<Path> guardians;

    @Option(names = "--no-guardian", description = "Owner-only key protector, even when a fabric exists.")
    boolean noGuardian;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per core).")
    Integer threads;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Password of OWNER.p12 (else $GFCTL_PASSWORD, else a prompt).")
    Path passwordFile;

    @Override
    public Integer call() {
        return notImplemented();
    }
}
