package org.gfctl.cli.key;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gfctl.cli.Output;
import org.gfctl.core.disk.AtomicOutput;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.KeyReleaseService;
import org.gfctl.core.host.HostAgent;
import org.gfctl.core.host.HostState;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.secret.Secret;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.disk.FabricHandle;
import org.gfctl.cli.disk.OwnerArgs;
import org.gfctl.core.keyprotector.KpMetadata;
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

    @Command(name = "reveal", header = "Write the unlock secret for qemu/cryptsetup, using the owner key.",
            description = "Opens the key protector (SHIELDED.kp) with the owner's private key, after checking its"
                    + " signature and that it belongs to SHIELDED, and writes the unlock secret (the LUKS keyslot 0"
                    + " passphrase) to a new file, mode 0600, for qemu's '--object secret,file=' or cryptsetup's"
                    + " '--key-file'. The secret is never printed. Delete the file when done.")
    public static final class Reveal extends GfctlSubcommand {
        @Option(names = "--in", paramLabel = "SHIELDED", required = true, description = "The shielded image.")
        Path in;

        @Option(names = "--owner-key", paramLabel = "OWNER.p12", required = true,
                description = "The owner's PKCS#12 key store (from 'gfctl owner init').")
        Path ownerKey;

        @Option(names = "--out", paramLabel = "SECRET", required = true, description = "Secret file to create (mode 0600).")
        Path out;

        @Option(names = "--kp", paramLabel = "PATH", description = "Key protector path (default: SHIELDED.kp).")
        Path kp;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Password of OWNER.p12.")
        Path passwordFile;

        @Override
        public Integer call() {
            KpMetadata m;
            auditVolume(in, kp);
            try (FabricHandle fabric = new FabricHandle(fabricIfExists())) {
                UnlockSource.Owner owner = OwnerArgs.unlockSource(OwnerArgs.loadKey(ownerKey, passwordFile), fabric.fabric());
                audit().key(owner.key().fingerprint());
                m = KeyRevealService.reveal(in, kp, owner, out);
                audit().object(m.volumeUuid().toString());
            }
            String uuid = m.volumeUuid().toString();
            Map<String, Object> result = new java.util.LinkedHashMap<>();
            result.put("volumeUuid", uuid);
            result.put("name", m.volumeName());
            result.put("secretFile", out.toAbsolutePath().toString());
            result.put("cipher", m.cipher());
            result.put("keyBits", m.keyBits());
            result.put("imageSize", m.imageSize());
            result.put("chunks", m.integrity().leafCount() - 1);
            result.put("merkleRoot", m.integrity().rootHex());
            output().result(result,
                    w -> w.printf("Wrote the unlock secret of %s to %s (mode 0600)%n"
                            + "  qemu: --object secret,id=sec0,file=%s  cryptsetup: --key-file %s%n", uuid, out, out, out));
            return 0;
        }
    }

    @Command(name = "release", header = "Guardian side: re-wrap the unlock secret to an attested host's binding key.",
            description = "The health certificate must be issued by this fabric, valid, unrevoked, its host enrolled, and"
                    + " the volume's release policy must allow the host's group; every decision is recorded. Refusal: exit 6.")
    public static final class Release extends GfctlSubcommand {
        @Option(names = "--in", paramLabel = "SHIELDED", required = true)
        Path in;

        @Option(names = "--kp", paramLabel = "PATH", description = "Key protector path (default: SHIELDED.kp).")
        Path kp;

        @Option(names = "--health", paramLabel = "HEALTH.pem", required = true, description = "The host's health certificate.")
        Path health;

        @Option(names = "--out", paramLabel = "RELEASED.kp", required = true)
        Path out;

        @Override
        public Integer call() {
            try (Fabric fabric = openFabric()) {
                KeyProtector protector = KeyProtector.read(kp != null ? kp : in.resolveSibling(in.getFileName() + ".kp"));
                audit().object(protector.metadata().volumeUuid().toString())
                        .key(Certificates.fingerprint(fabric.keys().encryption().certificate()));
                java.security.cert.X509Certificate healthCertificate = Certificates.load(health);
                audit().evidence(Certificates.fingerprint(healthCertificate)); // the certificate presented
                KeyReleaseService.Released r = new KeyReleaseService(fabric).release(protector, healthCertificate);
                audit().object(r.volumeUuid() + " to " + r.hostName());
                r.keyProtector().write(out);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("volumeUuid", r.volumeUuid());
                m.put("host", r.hostName());
                m.put("healthCertificate", r.healthSerial());
                m.put("rule", r.rule());
                m.put("allowCaching", r.allowCaching());
                m.put("validUntil", r.notAfter().toString());
                m.put("released", out.toAbsolutePath().toString());
                output().result(m, w -> w.printf("Released volume %s to host %s (rule %s) -> %s%n"
                        + "  usable only by that host's TPM binding key, while its measured state is unchanged%n",
                        r.volumeUuid(), r.hostName(), r.rule(), out));
            }
            return 0;
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
            KeyProtector r = KeyProtector.read(released);
            String uuid = r.metadata().volumeUuid().toString();
            audit().object(uuid); // a refusal below is recorded against the volume too
            r.verifySignature();
            try (HostAgent agent = HostAgent.open(TpmSpec.parse(tpm), HostState.at(home().dir().resolve("host")))) {
                audit().key(agent.bindingKeyFingerprint());
                try (Secret secret = agent.unwrap(r)) {
                    AtomicOutput.write(out, secret.bytes(), true);
                }
            }
            output().result(Output.fields("volumeUuid", uuid, "secretFile", out.toAbsolutePath().toString()),
                    w -> w.printf("Unwrapped the unlock secret of %s inside the TPM -> %s (mode 0600)%n", uuid, out));
            return 0;
        }
    }
}
