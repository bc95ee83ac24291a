package org.gfctl.core.shield;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.disk.AtomicOutput;
import org.gfctl.core.disk.ChunkEngine;
import org.gfctl.core.disk.ChunkWriter;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keyprotector.KpMetadata;
import org.gfctl.core.luks.LuksHeader;
import org.gfctl.core.luks.LuksVolume;
import org.gfctl.core.merkle.MerkleTree;
import org.gfctl.core.secret.Secret;

/**
 * {@code rotate-key --reencrypt}: a new volume key and unlock secret, every payload sector
 * decrypted with the old key and encrypted with the new, a new header, manifest and key protector.
 *
 * <p>By default the result goes to a new file ({@code --out}, default {@code IMAGE.reencrypted})
 * through {@link AtomicOutput}, so the original stays usable until the owner swaps them; {@link
 * #inPlace} rewrites the image itself with a resumable journal. The volume UUID is kept: it names
 * the VM's disk in the inventory and in libvirt, not a key.
 */
public final class ReencryptService {

    private ReencryptService() {}

    /** The default output of an out-of-place re-encryption: {@code IMAGE.reencrypted}. */
    public static Path defaultOut(Path image) {
        return image.resolveSibling(image.getFileName() + ".reencrypted");
    }

    /** Re-encrypts to a new file; the input image and key protector are never modified. */
    public static RotationResult toNewFile(RotationRequest r) {
        long start = System.nanoTime();
        Path kpFile = r.kpFile();
        Path out = r.out() != null ? r.out() : defaultOut(r.image());
        Path outKp = ShieldedImage.defaultKp(out);
        ShieldService.requireDistinct(r.image(), out, outKp);
        RotationAccess.requireNoJournal(r.image(), null);
        if (Files.exists(outKp)) {
            throw new GfctlException(ExitCode.FAILURE, outKp + " already exists: remove it or choose another --out");
        }
        KeyProtector kp = RotationAccess.checked(kpFile, r);
        List<X509Certificate> recipients = RotationAccess.recipients(kp, r);
        KpMetadata m = kp.metadata();
        ChunkEngine engine = ChunkEngine.create(m.integrity().chunkSize(), r.threads());
        try (ShieldedImage image = ShieldedImage.open(r.image());
                Secret old = kp.unwrap(r.owner().key().privateKey(), r.owner().key().certificate());
                LuksVolume volume = LuksVolume.open(image.headerRegion(), old);
                Secret newKey = Secret.random(64);
                Secret fresh = Secret.newUnlockSecret();
                AtomicOutput output = AtomicOutput.create(out, false);
                WorkerKeys keys = new WorkerKeys();
                PendingHeader header = PendingHeader.start(newKey, image.uuid(), fresh)) {
            image.requireMatches(kp, kpFile);
            long length = image.payloadLength();
            MerkleTree manifest = requireCovers(m, engine, length, r.image());
            long newPayload = header.payloadOffset();
            ChunkWriter writer = output.chunkWriter(m.integrity().chunkSize());
            var o = output.channel();
            byte[] leaves = new byte[(manifest.size() - 1) * 32];
            long oldPayload = image.payloadOffset();
            engine.run(image.channel(), oldPayload, length, () -> {
                Rekeyer k = keys.add(new Rekeyer(volume.volumeKey(), newKey));
                ChunkWriter.Lane lane = writer.lane();
                return (index, offset, buf, len) -> {
                    k.requireSigned(index, buf, len, manifest, r.image(), oldPayload + offset);
                    k.rekey(offset / 512, buf, 0, len);
                    System.arraycopy(k.leaf(buf, len), 0, leaves, (int) index * 32, 32);
                    lane.write(buf, len, newPayload + offset);
                };
            }, r.progress(), header::failFast);
            writer.finish();
            byte[] region = header.await();
            ShieldService.write(o, region, 0);
            KpMetadata shifted = KpMetadata.create(m.volumeUuid(), m.volumeName(),
                    HexFormat.of().formatHex(ShieldedImage.sha256(region, LuksHeader.SIZE)), newPayload,
                    newPayload + length, m.releasePolicy(), m.created(), m.integrity());
            KeyProtector next = KeyProtector.create(fresh, recipients, RotationAccess.withHeader(shifted, region, leaves),
                    RotationAccess.signer(r.owner()));
            o.force(true);
            next.write(outKp);
            try {
                output.commit();
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(outKp);
                throw e;
            }
            return RotationAccess.result("reencrypt", next, out, outKp, r.owner(), 0, -1, length, false,
                    start);
        } catch (IOException e) {
            throw DiskErrors.io("re-encrypting " + r.image() + " to " + out, out, e);
        } catch (GfctlException e) {
            throw e;
        } catch (Exception e) {
            throw DiskErrors.unexpected("re-encrypting " + r.image(), out, e);
        }
    }

    /** Re-encrypts the image itself, resumably (see {@link InPlaceReencryption}). */
    public static RotationResult inPlace(RotationRequest r) {
        return InPlaceReencryption.run(r);
    }

    /** The old manifest, which must have one leaf per payload chunk plus the header's. */
    static MerkleTree requireCovers(KpMetadata m, ChunkEngine engine, long length, Path image) {
        MerkleTree manifest = m.integrity().tree();
        if (manifest.size() != engine.chunkCount(length) + 1) {
            throw new IntegrityException("the manifest of " + image + " covers " + (manifest.size() - 1)
                    + " chunks, the image has " + engine.chunkCount(length));
        }
        return manifest;
    }
}
