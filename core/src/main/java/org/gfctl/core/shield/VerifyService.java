package org.gfctl.core.shield;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListSet;
import org.gfctl.core.GfctlException;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.disk.ChunkEngine;
import org.gfctl.core.disk.Progress;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keyprotector.KpMetadata;
import org.gfctl.core.keyprotector.SignedBy;
import org.gfctl.core.manifest.LeafHasher;
import org.gfctl.core.merkle.MerkleTree;

/**
 * Checks a shielded image against its signed manifest without any key, so an auditor can run it.
 *
 * <p>Every chunk is hashed (in parallel) and compared with its signed leaf; the report names the
 * first damaged chunk by byte offset and counts the rest, rather than stopping at the first, so
 * that one run tells the whole extent of the damage.
 */
public final class VerifyService {
    private static final int MAX_REPORTED = 20;

    private VerifyService() {}

    /** Verifies {@code image}; never throws for damage, which {@link VerifyResult#intact()} reports. */
    public static VerifyResult verify(Path image, Path kpPath, int threads, Progress progress) {
        return verify(image, kpPath, threads, progress, List.of());
    }

    /**
     * {@link #verify(Path, Path, int, Progress)}, also requiring the key protector to be signed by
     * one of {@code trustedSigners} (none given: any valid signature, which proves the image and its
     * key protector agree, not who made them; someone who replaced both would pass).
     *
     * @throws IntegrityException if the signer is none of {@code trustedSigners}
     */
    public static VerifyResult verify(Path image, Path kpPath, int threads, Progress progress,
            List<java.security.cert.X509Certificate> trustedSigners) {
        long start = System.nanoTime();
        Path kpFile = kpPath != null ? kpPath : ShieldedImage.defaultKp(image);
        KeyProtector kp = ShieldedImage.readKeyProtector(kpFile).orElseThrow(() -> new NotFoundException(
                "key protector " + kpFile + " does not exist: verify needs it for the signed manifest (pass --kp PATH)"));
        SignedBy by = kp.verifySignature();
        if (!trustedSigners.isEmpty() && trustedSigners.stream().map(Certificates::fingerprint)
                .noneMatch(by.sha256()::equals)) {
            throw new IntegrityException("key protector " + kpFile + " is signed by " + by.subject() + " (" + by.sha256()
                    + "), none of the " + trustedSigners.size() + " --signer certificate(s) given: the image and its"
                    + " key protector may have been replaced together");
        }
        KpMetadata m = kp.metadata();
        MerkleTree manifest = m.integrity().tree();
        String signer = by.subject() + " " + by.sha256();
        // the raw header region and size against the signed ones before the header is parsed at all
        Optional<ShieldedImage.Damage> layout = ShieldedImage.checkSigned(image, m, kpFile);
        if (layout.isPresent()) {
            return damaged(m, signer, manifest, List.of(layout.get().offset()), 1, layout.get().problem(), start);
        }
        try (ShieldedImage img = ShieldedImage.open(image)) {
            try {
                img.requireMatches(kp, kpFile);
            } catch (IntegrityException e) {
                return damaged(m, signer, manifest, List.of(0L), 1, e.getMessage(), start);
            }
            ChunkEngine engine = ChunkEngine.create(m.integrity().chunkSize(), threads);
            long payload = img.payloadLength();
            ConcurrentSkipListSet<Long> bad = new ConcurrentSkipListSet<>();
            long payloadOffset = img.payloadOffset();
            engine.run(img.channel(), payloadOffset, payload, () -> {
                LeafHasher hasher = new LeafHasher();
                return (index, offset, buf, len) -> {
                    if (index + 1 >= manifest.size()
                            || !MessageDigest.isEqual(hasher.leaf(buf, 0, len), manifest.leafHash((int) index + 1))) {
                        bad.add(payloadOffset + offset);
                    }
                };
            }, progress);
            if (bad.isEmpty()) {
                return new VerifyResult(m.volumeUuid().toString(), m.volumeName(), signer, manifest.size() - 1,
                        m.integrity().rootHex(), true, 0, List.of(), null, seconds(start), m.cipher(), m.keyBits(),
                        m.imageSize(), m.payloadOffset());
            }
            List<Long> first = new ArrayList<>(bad).subList(0, Math.min(MAX_REPORTED, bad.size()));
            return damaged(m, signer, manifest, first, bad.size(), "chunk at offset " + bad.first()
                    + " does not match the signed manifest" + (bad.size() > 1 ? " (" + bad.size() + " chunks damaged)" : ""),
                    start);
        } catch (GfctlException e) {
            throw e;
        } catch (Exception e) {
            throw DiskErrors.unexpected("verifying " + image, image, e);
        }
    }

    private static VerifyResult damaged(KpMetadata m, String signer, MerkleTree manifest, List<Long> offsets,
            long count, String problem, long start) {
        return new VerifyResult(m.volumeUuid().toString(), m.volumeName(), signer, manifest.size() - 1,
                m.integrity().rootHex(), false, count, List.copyOf(offsets), problem, seconds(start), m.cipher(),
                m.keyBits(), m.imageSize(), m.payloadOffset());
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
