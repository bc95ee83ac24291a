package org.gfctl.cli.disk;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.Output;
import org.gfctl.cli.ProgressBars;
import org.gfctl.core.UsageException;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.GuardianKeys;
import org.gfctl.core.guardian.KeyEntry;
import org.gfctl.core.internal.Futures;
import org.gfctl.core.keyprotector.KpRecipient;
import org.gfctl.core.keyprotector.Signer;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.shield.KpParties;
import org.gfctl.core.shield.ShieldRequest;
import org.gfctl.core.shield.ShieldResult;
import org.gfctl.core.shield.ShieldService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gfctl shield-vm}: encrypt a VM disk image into a shielded LUKS1 image. */
@Command(name = "shield-vm", header = "Encrypt a VM disk image into a shielded image with a key protector.",
        description = "Writes SHIELDED (LUKS1, aes-xts-plain64) and SHIELDED.kp (the unlock secret for the owner and"
                + " the fabric's guardians, with the signed integrity manifest). The input is never modified; the"
                + " output appears only when complete.")
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

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Worker threads (default: one per core; a writer"
            + " thread of its own writes their chunks).")
    int threads;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Password of OWNER.p12 (else $GFCTL_PASSWORD, else a prompt).")
    Path passwordFile;

    /** The guardian's encryption certificate (none with --no-guardian or without a fabric: null), then --guardian's. */
    private List<X509Certificate> recipients(X509Certificate guardian, List<X509Certificate> extra) {
        if (noGuardian || guardian == null) {
            return extra;
        }
        List<X509Certificate> all = new ArrayList<>(List.of(guardian));
        all.addAll(extra);
        return all;
    }

    private static List<X509Certificate> withOwner(X509Certificate owner, List<X509Certificate> others) {
        List<X509Certificate> all = new ArrayList<>(List.of(owner));
        all.addAll(others);
        return all;
    }

    @Override
    public Integer call() {
        Optional<X509Certificate> ownerCert = OwnerArgs.certificateIn(owner);
        try (var fabricHandle = new FabricHandle(noGuardian && ownerCert.isEmpty() ? Optional.empty() : fabricIfExists())) {
            Optional<Fabric> fabric = fabricHandle.fabric();
            List<X509Certificate> extra = guardians == null ? List.of()
                    : guardians.stream().map(Certificates::load).toList();
            CompletableFuture<KpParties> parties;
            if (ownerCert.isPresent()) {
                Fabric f = fabric.orElseThrow(() -> new UsageException("--owner " + owner + " is a certificate: shielding"
                        + " for an owner without their key needs a fabric whose guardian signs (gfctl fabric init), or"
                        + " pass the owner's PKCS#12"));
                KeyEntry guardian = f.keys().encryption(); // signs, and is a recipient unless --no-guardian
                parties = KpParties.now(withOwner(ownerCert.get(), recipients(guardian.certificate(), extra)),
                        guardian.signer());
            } else {
                // both key stores decrypt while the disk pass runs (the guardian's for its certificate
                // alone); a wrong password stops the pass, the guardian's reported if both are wrong
                CompletableFuture<X509Certificate> guardian = noGuardian || fabric.isEmpty() ? null
                        : fabric.get().certificateAsync(GuardianKeys.ENCRYPTION);
                CompletableFuture<List<X509Certificate>> others = guardian == null
                        ? CompletableFuture.completedFuture(extra) : guardian.thenApply(g -> recipients(g, extra));
                parties = others.thenCombine(OwnerArgs.loadKeyAsync(owner, passwordFile),
                        (to, key) -> new KpParties(withOwner(key.certificate(), to),
                                Signer.create(key.privateKey(), key.certificate())));
            }
            ShieldResult r;
            try {
                r = ShieldService.shield(new ShieldRequest(in, out, kp, name, releasePolicy, parties, threads,
                        ProgressBars.forTerminal(output(), "shield-vm")));
            } finally {
                Futures.valueIfDone(parties).ifPresent(p -> audit().key(Certificates.fingerprint(p.signer().certificate())));
            }
            audit().object(r.volumeUuid().toString()).evidence(r.merkleRoot());
            fabric.ifPresent(f -> f.store().volumes().record(r.inventoryRecord(Instant.now(), null)));
            output().result(json(r, fabric.isPresent()), w -> {
                w.printf("Shielded %s -> %s (%s)%n", in, r.image(), r.volumeUuid());
                w.printf("  key protector  %s%n", r.keyProtector());
                w.printf("  cipher         %s, %d-bit key, %d chunks, Merkle root %s%n", r.cipher(), r.keyBits(), r.chunks(),
                        r.merkleRoot());
                w.printf("  signed by      %s%n", r.signer());
                for (KpRecipient x : r.recipients()) {
                    w.printf("  recipient      %s %s%n", x.subject(), x.sha256());
                }
                w.printf("  %.1f MB/s (%d bytes in %.2f s)%n", r.megabytesPerSecond(), r.imageSize(), r.seconds());
            });
        }
        return 0;
    }

    static Map<String, Object> json(ShieldResult r, boolean inventoried) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("volumeUuid", r.volumeUuid().toString());
        m.put("name", r.name());
        m.put("image", r.image().toString());
        m.put("keyProtector", r.keyProtector().toString());
        m.put("cipher", r.cipher());
        m.put("keyBits", r.keyBits());
        m.put("imageSize", r.imageSize());
        m.put("shieldedSize", r.shieldedSize());
        m.put("payloadOffset", r.payloadOffset());
        m.put("chunks", r.chunks());
        m.put("merkleRoot", r.merkleRoot());
        m.put("signer", r.signer());
        m.put("recipients", r.recipients().stream().map(x -> Output.fields("subject", x.subject(), "sha256", x.sha256())).toList());
        m.put("releasePolicy", r.releasePolicy());
        m.put("inventoried", inventoried);
        m.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        m.put("megabytesPerSecond", Math.round(r.megabytesPerSecond() * 10) / 10.0);
        return m;
    }
}
