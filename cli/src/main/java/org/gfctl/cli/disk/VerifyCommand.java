package org.gfctl.cli.disk;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.ProgressBars;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.shield.VerifyResult;
import org.gfctl.core.shield.VerifyService;
import org.gfctl.core.store.VolumeRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gfctl verify}: check a shielded image's integrity without any key. */
@Command(name = "verify", header = "Check a shielded image against its signed integrity manifest (no key needed).",
        description = "Exit 0 when intact; exit 4 naming the first damaged chunk by byte offset otherwise.")
public final class VerifyCommand extends GfctlSubcommand {
    @Parameters(paramLabel = "SHIELDED", description = "The shielded image.")
    Path image;

    @Option(names = "--kp", paramLabel = "PATH", description = "Key protector path (default: SHIELDED.kp).")
    Path kp;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Worker threads (default: one per core).")
    int threads;

    @Option(names = "--signer", paramLabel = "CERT",
            description = "A certificate (PEM or DER) the key protector must be signed by: the owner's OWNER.crt, or"
                    + " the guardian's from 'gfctl fabric export-certs'. Repeat for several; exit 4 if none signed it."
                    + " Without it any valid signature is accepted, so the check shows the image and its key"
                    + " protector agree, not who made them.")
    java.util.List<Path> signers = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        java.util.List<java.security.cert.X509Certificate> trusted = signers.stream().map(Certificates::load).toList();
        VerifyResult r = VerifyService.verify(image, kp, threads, ProgressBars.forTerminal(output(), "verify"), trusted);
        audit().object(r.volumeUuid()).evidence(r.merkleRoot());
        if (!r.intact()) {
            Map<String, Object> d = description(r);
            d.put("problem", r.problem());
            d.put("damagedChunks", r.damagedChunks());
            d.put("damagedOffsets", r.damagedOffsets());
            throw new IntegrityException(image + ": " + r.problem() + "; first damaged chunk at offset "
                    + r.damagedOffsets().get(0)).withDetails(d);
        }
        try (FabricHandle fabric = new FabricHandle(fabricIfExists())) {
            // only the inventoried image counts: same Merkle root, signed by the key that signed it there
            fabric.fabric().ifPresent(f -> f.store().volumes().find(r.volumeUuid())
                    .filter(v -> v.merkleRoot().equals(r.merkleRoot())
                            && VolumeRecord.fingerprintOf(v.signer()).equals(VolumeRecord.fingerprintOf(r.signer())))
                    .ifPresent(v -> f.store().volumes().markVerified(r.volumeUuid(), Instant.now())));
        }
        Map<String, Object> m = description(r);
        m.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        m.put("megabytesPerSecond", Math.round(r.megabytesPerSecond() * 10) / 10.0);
        m.put("signerChecked", !trusted.isEmpty());
        output().result(m, w -> {
            w.printf("%s: intact (%s, %d chunks, Merkle root %s)%n", image, r.volumeUuid(), r.chunks(), r.merkleRoot());
            w.printf("  manifest signed by %s%s%n", r.signer(), trusted.isEmpty()
                    ? " (not checked against a certificate you trust: pass --signer CERT)" : ", a --signer given");
        });
        return 0;
    }

    /** What verify reports about the volume, intact or not (the JSON result, or an error's details). */
    private static Map<String, Object> description(VerifyResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("volumeUuid", r.volumeUuid());
        m.put("name", r.name());
        m.put("intact", r.intact());
        m.put("cipher", r.cipher());
        m.put("keyBits", r.keyBits());
        m.put("imageSize", r.imageSize());
        m.put("payloadSize", r.imageSize() - r.payloadOffset());
        m.put("chunks", r.chunks());
        m.put("merkleRoot", r.merkleRoot());
        m.put("signer", r.signer());
        return m;
    }
}
