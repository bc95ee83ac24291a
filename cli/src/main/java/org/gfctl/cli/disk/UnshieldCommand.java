package org.gfctl.cli.disk;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.ProgressBars;
import org.gfctl.core.UsageException;
import org.gfctl.core.audit.Role;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.SameMachineUnshield;
import org.gfctl.cli.host.HostArgs;
import org.gfctl.core.host.HostAgent;
import org.gfctl.core.host.HostState;
import org.gfctl.core.internal.Futures;
import org.gfctl.core.keys.OwnerKey;
import org.gfctl.core.keys.Passwords;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.core.secret.Secret;
import org.gfctl.core.shield.UnlockSource;
import org.gfctl.core.shield.UnshieldResult;
import org.gfctl.core.shield.UnshieldService;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gfctl unshield}: decrypt a shielded image back to a raw image. */
@Command(name = "unshield", header = "Decrypt a shielded image to a raw image (integrity checked first).",
        description = "Every chunk is checked against the signed manifest before it is decrypted; any mismatch aborts"
                + " and nothing is written under IMAGE. All-zero chunks become holes (sparse output).")
public final class UnshieldCommand extends GfctlSubcommand {
    @Option(names = "--in", paramLabel = "SHIELDED", required = true, description = "The shielded image (never modified).")
    Path in;

    @Option(names = "--out", paramLabel = "IMAGE", required = true, description = "The raw image to create (sparse).")
    Path out;

    static final class TpmRelease {
        @Option(names = "--tpm", paramLabel = "SPEC", required = true, description = "The host TPM that holds the binding key.")
        String tpm;

        @Option(names = "--released", paramLabel = "R.kp",
                description = "Key released to this host by the guardian (gfctl key release); replaces --kp. Without it,"
                        + " this machine is its own guardian (same --home): attest, release and unwrap in one step.")
        Path released;

        @Option(names = "--host", paramLabel = "N", description = "Enrolled host name for the one-step release (default: this machine's).")
        String host;
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

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Worker threads (default: one per core; a writer"
            + " thread of its own writes their chunks).")
    int threads;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Password of OWNER.p12 (else $GFCTL_PASSWORD, else a prompt).")
    Path passwordFile;

    @Override
    public Integer call() {
        UnshieldResult r;
        String released = null;
        auditVolume(in, kp);
        if (key.tpm != null && key.tpm.released == null) {
            audit().role(Role.HOST);
            try (Fabric fabric = openFabric(); HostAgent agent = HostArgs.agent(key.tpm.tpm, home())) {
                SameMachineUnshield.Result one = SameMachineUnshield.unshield(fabric, agent, HostArgs.name(key.tpm.host),
                        HostArgs.DEFAULT_PCRS, in, kp, out, threads, ProgressBars.forTerminal(output(), "unshield"),
                        (action, object, exitCode, evidence, guardianKey) -> audit().step(Role.GUARDIAN, action, object, exitCode,
                                evidence, guardianKey));
                r = one.unshield();
                released = one.release().hostName() + " (attestation " + one.attestation().attestationId()
                        + ", health certificate " + one.release().healthSerial() + ")";
            }
        } else if (key.tpm != null) {
            if (key.tpm.host != null) {
                throw new UsageException("--host names the host to attest for a one-step release; with --released the"
                        + " key was already released to this host");
            }
            audit().role(Role.HOST);
            try (HostAgent agent = HostAgent.open(TpmSpec.parse(key.tpm.tpm), HostState.at(home().dir().resolve("host")))) {
                r = UnshieldService.unshield(in, out, key.tpm.released, new UnlockSource.Released(agent::unwrap), threads,
                        ProgressBars.forTerminal(output(), "unshield"));
            }
        } else if (key.ownerKey != null) {
            try (FabricHandle fabric = new FabricHandle(fabricIfExists())) {
                // the key store decrypts while the key protector is read and its signature checked
                CompletableFuture<OwnerKey> loading = OwnerArgs.loadKeyAsync(key.ownerKey, passwordFile);
                UnlockSource.Owner owner = OwnerArgs.unlockSource(() -> Futures.await(loading), fabric.fabric());
                try {
                    r = UnshieldService.unshield(in, out, kp, owner, threads, ProgressBars.forTerminal(output(), "unshield"));
                } finally {
                    Futures.valueIfDone(loading).ifPresent(k -> audit().key(k.fingerprint()));
                }
            }
        } else {
            try (Secret passphrase = Passwords.readFile(key.passphraseFile)) {
                r = UnshieldService.unshield(in, out, kp, new UnlockSource.Passphrase(passphrase), threads,
                        ProgressBars.forTerminal(output(), "unshield"));
            }
        }
        audit().object(released == null ? r.volumeUuid() : r.volumeUuid() + " released to " + released);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("volumeUuid", r.volumeUuid());
        m.put("image", r.output().toString());
        m.put("size", r.size());
        m.put("shieldedSize", r.shieldedSize());
        m.put("cipher", r.cipher());
        m.put("keyBits", r.keyBits());
        m.put("chunks", r.allocatedChunks() + r.sparseChunks());
        m.put("chunksWritten", r.allocatedChunks());
        m.put("chunksSparse", r.sparseChunks());
        m.put("keyslot", r.keyslot());
        m.put("integrityChecked", r.integrityChecked());
        m.put("signer", r.signer());
        m.put("merkleRoot", r.merkleRoot());
        if (released != null) {
            m.put("releasedTo", released);
        }
        m.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        m.put("megabytesPerSecond", Math.round(r.megabytesPerSecond() * 10) / 10.0);
        String r2 = released;
        output().result(m, w -> {
            w.printf("Unshielded %s -> %s (%s)%n", in, r.output(), r.volumeUuid());
            if (r2 != null) {
                w.printf("  released   to %s, decrypted inside its TPM%n", r2);
            }
            w.printf("  integrity  %s%n", r.integrityChecked() ? "every chunk matched the manifest signed by " + r.signer()
                    : "NOT checked: no key protector (image made without gfctl)");
            w.printf("  %d chunks written, %d left sparse; %.1f MB/s%n", r.allocatedChunks(), r.sparseChunks(),
                    r.megabytesPerSecond());
        });
        return 0;
    }
}
