package org.gfctl.core.shield;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.UsageException;
import org.gfctl.core.keyprotector.IntegrityManifest;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keyprotector.KpMetadata;
import org.gfctl.core.keyprotector.KpRecipient;
import org.gfctl.core.keyprotector.SignedBy;
import org.gfctl.core.keyprotector.Signer;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.luks.LuksHeader;
import org.gfctl.core.manifest.LeafHasher;

/**
 * The checks and bookkeeping every rotation mode shares: the owner's right to rotate, the new
 * recipient list, and metadata for a changed header region.
 *
 * <p>Only a recipient of the current key protector, which is signed by that owner or a trusted
 * guardian, may rotate (exit 6 otherwise): rotating re-signs the key protector, so accepting a
 * substitute one would launder it.
 */
final class RotationAccess {

    private RotationAccess() {}

    /** The key protector at {@code kpFile}, signature verified, the owner a recipient, the signer trusted. */
    static KeyProtector checked(Path kpFile, RotationRequest r) {
        return checked(kpFile, r, kp -> null).kp();
    }

    /** A key protector that passed {@link #checked(Path, RotationRequest, Function)}, and what its key-free checks returned. */
    record Checked<T>(KeyProtector kp, T value) {}

    /**
     * As {@link #checked(Path, RotationRequest)}, and {@code keyFree} (checks that need no key,
     * such as the image's against the key protector) run on the verified key protector.
     *
     * <p>Reading, verifying and {@code keyFree} come before {@code r}'s owner is asked for, so that
     * they proceed while the owner's key store is still loading (see {@link RotationRequest}). An
     * error loading the owner still wins over an error here, as when the owner came first.
     */
    static <T> Checked<T> checked(Path kpFile, RotationRequest r, Function<KeyProtector, T> keyFree) {
        KeyProtector kp;
        SignedBy by;
        T value;
        try {
            kp = KeyProtector.read(kpFile);
            by = kp.verifySignature();
            value = keyFree.apply(kp);
        } catch (RuntimeException e) {
            r.owner();
            throw e;
        }
        UnlockSource.Owner owner = r.owner();
        UnshieldService.requireRecipient(kp, owner, kpFile);
        UnshieldService.requireTrustedSigner(by, owner, kpFile);
        return new Checked<>(kp, value);
    }

    /** Refuses to start a rotation while another one on {@code image} is unfinished. */
    static void requireNoJournal(Path image, String rerun) {
        for (Path j : List.of(HeaderJournal.path(image), ReencryptJournal.path(image))) {
            if (Files.exists(j)) {
                String how = j.equals(HeaderJournal.path(image)) ? "rotate-key --new-secret" : "rotate-key --reencrypt --in-place";
                if (!how.equals(rerun)) {
                    throw new GfctlException(ExitCode.FAILURE, "an interrupted rotation of " + image + " left " + j
                            + ": finish it first by rerunning 'gfctl " + how + " --in " + image + "'");
                }
            }
        }
    }

    static Signer signer(UnlockSource.Owner owner) {
        return Signer.create(owner.key().privateKey(), owner.key().certificate());
    }

    /**
     * The recipients after the change: the current ones in order, minus {@code remove}, plus
     * {@code add}. Certificates come from the key protector itself, the owner, the trusted
     * guardians or {@code add}; a recipient whose certificate none of these has must be named.
     */
    static List<X509Certificate> recipients(KeyProtector kp, RotationRequest r) {
        Map<String, X509Certificate> known = new LinkedHashMap<>();
        kp.recipientCertificates().forEach(c -> known.put(Certificates.fingerprint(c), c));
        known.put(r.owner().key().fingerprint(), r.owner().key().certificate());
        r.owner().trustedSigners().forEach(c -> known.put(Certificates.fingerprint(c), c));
        r.add().forEach(c -> known.put(Certificates.fingerprint(c), c));
        Set<String> current = kp.recipients().stream().map(KpRecipient::sha256).collect(Collectors.toSet());
        Set<String> removed = r.remove().stream().map(Certificates::fingerprint).collect(Collectors.toSet());
        for (X509Certificate c : r.remove()) {
            if (!current.contains(Certificates.fingerprint(c))) {
                throw new UsageException("--remove-recipient " + Certificates.subject(c) + " ("
                        + Certificates.fingerprint(c) + ") is not a recipient of the key protector");
            }
        }
        if (removed.contains(r.owner().key().fingerprint())) {
            throw new UsageException("--remove-recipient names your own key " + r.owner().key().subject() + ": the key"
                    + " protector would no longer open for the owner who signs it; add the new owner first and let"
                    + " them remove you");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (KpRecipient rec : kp.recipients()) {
            if (removed.contains(rec.sha256())) {
                continue;
            }
            X509Certificate c = known.get(rec.sha256());
            if (c == null) {
                throw new UsageException("recipient " + rec.subject() + " (" + rec.sha256() + ") of the key protector:"
                        + " its certificate is not in the key protector (made by an older gfctl); keep it with"
                        + " --add-recipient CERT or drop it with --remove-recipient CERT");
            }
            out.add(c);
        }
        for (X509Certificate c : r.add()) {
            if (out.stream().noneMatch(x -> Certificates.fingerprint(x).equals(Certificates.fingerprint(c)))) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * {@code m} for the header region {@code region} (exactly the payload offset long): new header
     * digest, leaf 0 recomputed, and the payload leaves {@code payloadLeaves} (concatenated, chunk
     * order) or, when null, the current ones.
     */
    static KpMetadata withHeader(KpMetadata m, byte[] region, byte[] payloadLeaves) {
        byte[] leaf0 = new LeafHasher().leaf(region, 0, region.length);
        IntegrityManifest manifest;
        if (payloadLeaves == null) {
            manifest = m.integrity().withHeaderLeaf(leaf0);
        } else {
            if (payloadLeaves.length != (m.integrity().leafCount() - 1) * 32) {
                throw new IllegalArgumentException("payload leaves: " + payloadLeaves.length / 32 + " instead of "
                        + (m.integrity().leafCount() - 1));
            }
            byte[] leaves = new byte[payloadLeaves.length + 32];
            System.arraycopy(leaf0, 0, leaves, 0, 32);
            System.arraycopy(payloadLeaves, 0, leaves, 32, payloadLeaves.length);
            manifest = IntegrityManifest.create(m.integrity().chunkSize(), leaves);
        }
        return KpMetadata.create(m.volumeUuid(), m.volumeName(),
                HexFormat.of().formatHex(ShieldedImage.sha256(region, LuksHeader.SIZE)), m.payloadOffset(), m.imageSize(),
                m.releasePolicy(), m.created(), manifest);
    }

    /** Whether {@code kp}'s signed header digest and leaf 0 describe {@code region}. */
    static boolean describes(KeyProtector kp, byte[] region) {
        KpMetadata m = kp.metadata();
        return region.length == m.payloadOffset()
                && java.security.MessageDigest.isEqual(HexFormat.of().parseHex(m.luksHeaderSha256()),
                        ShieldedImage.sha256(region, LuksHeader.SIZE))
                && java.security.MessageDigest.isEqual(new LeafHasher().leaf(region, 0, region.length),
                        m.integrity().headerLeaf());
    }

    /** The result for {@code kp}, which was just signed by {@code owner} (so its signature needs no second check). */
    static RotationResult result(String mode, KeyProtector kp, Path image, Path kpFile, UnlockSource.Owner owner,
            int keyslot, int wiped, long bytes, boolean resumed, long start) {
        return new RotationResult(mode, kp.metadata().volumeUuid().toString(), image.toAbsolutePath(),
                kpFile.toAbsolutePath(), kp.recipients(), owner.key().subject() + " " + owner.key().fingerprint(),
                kp.metadata().integrity().rootHex(), keyslot, wiped, bytes, resumed, (System.nanoTime() - start) / 1e9);
    }
}
