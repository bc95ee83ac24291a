package org.gfctl.cli.disk;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.Output;
import org.gfctl.cli.ProgressBars;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.keys.OwnerKey;
import org.gfctl.core.shield.NewSecretService;
import org.gfctl.core.shield.ReencryptService;
import org.gfctl.core.shield.RewrapService;
import org.gfctl.core.shield.RotationRequest;
import org.gfctl.core.shield.RotationResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gfctl rotate-key}: rewrap, replace the unlock secret, or re-encrypt a shielded image. */
@Command(name = "rotate-key", header = "Rotate a shielded image's keys: rewrap, new secret, or re-encrypt.",
        description = "--rewrap changes recipients (no data rewrite); --new-secret replaces the unlock secret (old keyslot"
                + " wiped); --reencrypt replaces the volume key (to SHIELDED.reencrypted unless --out or --in-place)."
                + " An interrupted --new-secret or --in-place run is finished by rerunning the same command.")
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

    @Option(names = "--owner-key", paramLabel = "OWNER.p12", required = true, description = "Owner key store.")
    Path ownerKey;

    @Option(names = "--kp", paramLabel = "PATH", description = "Key protector path (default: SHIELDED.kp).")
    Path kp;

    @Option(names = "--out", paramLabel = "SHIELDED", description = "Output image for --reencrypt (default: SHIELDED.reencrypted).")
    Path out;

    @Option(names = "--add-recipient", paramLabel = "CERT", description = "Certificate to add as a recipient.")
    List<Path> add;

    @Option(names = "--remove-recipient", paramLabel = "CERT", description = "Certificate to remove as a recipient.")
    List<Path> remove;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Worker threads (default: one per core; a writer"
            + " thread of its own writes their chunks).")
    int threads;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Password of OWNER.p12 (else $GFCTL_PASSWORD, else a prompt).")
    Path passwordFile;

    @Override
    public Integer call() {
        try (FabricHandle fabric = new FabricHandle(fabricIfExists())) {
            Supplier<OwnerKey> key = OwnerArgs.loadKeyInBackground(ownerKey, passwordFile);
            RotationRequest req = new RotationRequest(in, kp, () -> OwnerArgs.unlockSource(key.get(), fabric.fabric()),
                    add == null ? null : add.stream().map(Certificates::load).toList(),
                    remove == null ? null : remove.stream().map(Certificates::load).toList(), out, threads,
                    ProgressBars.forTerminal(output(), "rotate-key"));
            auditVolume(in, kp);
            RotationResult r = mode.rewrap ? RewrapService.rewrap(req) : mode.newSecret ? NewSecretService.newSecret(req)
                    : mode.reencrypt.inPlace ? ReencryptService.inPlace(req) : ReencryptService.toNewFile(req);
            audit().object(r.volumeUuid()).evidence(r.merkleRoot()).key(key.get().fingerprint());
            boolean inventoried = fabric.fabric().map(f -> f.store().volumes().recordRotation(r.volumeUuid(),
                    r.image().toString(), r.merkleRoot(), r.signer(), r.recipients().stream()
                            .map(x -> x.subject() + " " + x.sha256()).toList(), Instant.now())).orElse(false);
            output().result(json(r, inventoried), w -> {
                w.printf("Rotated %s (%s): %s%s%n", r.image(), r.volumeUuid(), r.mode(), r.resumed() ? ", interrupted run finished" : "");
                w.printf("  key protector  %s, signed by %s%n", r.keyProtector(), r.signer());
                r.recipients().forEach(x -> w.printf("  recipient      %s %s%n", x.subject(), x.sha256()));
                if (r.keyslot() >= 0) {
                    w.printf("  keyslot        %d%s%n", r.keyslot(), r.wipedKeyslot() >= 0 ? " (keyslot " + r.wipedKeyslot() + " wiped)" : "");
                }
                if (r.bytesRewritten() > 0) {
                    w.printf("  %.1f MB/s (%d bytes in %.2f s)%n", r.megabytesPerSecond(), r.bytesRewritten(), r.seconds());
                }
            });
        }
        return 0;
    }

    static Map<String, Object> json(RotationResult r, boolean inventoried) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", r.mode());
        m.put("volumeUuid", r.volumeUuid());
        m.put("image", r.image().toString());
        m.put("keyProtector", r.keyProtector().toString());
        m.put("signer", r.signer());
        m.put("recipients", r.recipients().stream().map(x -> Output.fields("subject", x.subject(), "sha256", x.sha256())).toList());
        m.put("merkleRoot", r.merkleRoot());
        m.put("keyslot", r.keyslot());
        m.put("wipedKeyslot", r.wipedKeyslot());
        m.put("bytesRewritten", r.bytesRewritten());
        m.put("resumed", r.resumed());
        m.put("inventoried", inventoried);
        m.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        return m;
    }
}
