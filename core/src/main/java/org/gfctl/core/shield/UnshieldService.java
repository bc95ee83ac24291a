package org.gfctl.core.shield;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.gfctl.core.GfctlException;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.disk.AtomicOutput;
import org.gfctl.core.disk.ChunkEngine;
import org.gfctl.core.disk.ChunkWriter;
import org.gfctl.core.disk.Progress;
import org.gfctl.core.internal.Futures;
import org.gfctl.core.keyprotector.IntegrityManifest;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keyprotector.SignedBy;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.luks.LuksHeader;
import org.gfctl.core.luks.LuksVolume;
import org.gfctl.core.manifest.LeafHasher;
import org.gfctl.core.merkle.MerkleTree;
import org.gfctl.core.secret.Secret;
import org.gfctl.core.xts.XtsDecryptor;

/**
 * Unshields an image back to a raw, sparse image, refusing any chunk whose ciphertext does not
 * match the signed manifest.
 *
 * <p>Each chunk's ciphertext is hashed and compared (constant time) <em>before</em> it is
 * decrypted, so tampered data is never turned into plaintext; any mismatch aborts the run and the
 * temp output is deleted. Chunks whose plaintext is all zeros are not written, leaving holes, as
 * {@code qemu-img convert} does.
 */
public final class UnshieldService {

    private UnshieldService() {}

    public static UnshieldResult unshield(Path in, Path out, Path kpPath, UnlockSource source, int threads,
            Progress progress) {
        Path kpFile = kpPath != null ? kpPath : ShieldedImage.defaultKp(in);
        ShieldService.requireDistinct(in, out, kpFile);
        return unshield(in, out, () -> ShieldedImage.readKeyProtector(kpFile), kpFile, source, threads, progress);
    }

    /**
     * Unshields with a key protector already in memory ({@code label} names it in messages): a key
     * released to this host a moment ago, which never needs to be written to a file.
     */
    public static UnshieldResult unshield(Path in, Path out, KeyProtector kp, Path label, UnlockSource source,
            int threads, Progress progress) {
        ShieldService.requireDistinct(in, out, label);
        return unshield(in, out, () -> Optional.of(kp), label, source, threads, progress);
    }

    private static UnshieldResult unshield(Path in, Path out, java.util.function.Supplier<Optional<KeyProtector>> kps,
            Path kpFile, UnlockSource source, int threads, Progress progress) {
        long start = System.nanoTime();
        ownerKeyFirst(source, () -> { // a wrong password is still reported first
            if (Files.notExists(in)) {
                throw new NotFoundException("image " + in + " does not exist");
            }
            return in;
        });
        Optional<KeyProtector> kp = ownerKeyFirst(source, kps);
        if (kp.isEmpty() && !(source instanceof UnlockSource.Passphrase)) {
            if (source instanceof UnlockSource.Owner owner) {
                owner.key(); // a wrong password is reported before a missing key protector
            }
            throw new NotFoundException("key protector " + kpFile + " does not exist: pass --kp PATH, or"
                    + " --passphrase-file for an image made without gfctl");
        }
        String signer = null;
        if (kp.isPresent()) {
            SignedBy by = ownerKeyFirst(source, kp.get()::verifySignature);
            if (source instanceof UnlockSource.Owner owner) {
                requireRecipient(kp.get(), owner, kpFile);
                requireTrustedSigner(by, owner, kpFile);
            }
            // the raw header region against the signed one before the header is parsed at all
            ownerKeyFirst(source, () -> ShieldedImage.checkSigned(in, kp.get().metadata(), kpFile)).ifPresent(d -> {
                throw new IntegrityException(d.problem() + " (first damaged chunk at offset " + d.offset()
                        + "); nothing was written");
            });
            signer = by.subject() + " " + by.sha256();
        }
        try (ShieldedImage image = ownerKeyFirst(source, () -> ShieldedImage.open(in))) {
            if (kp.isPresent()) {
                image.requireMatches(kp.get(), kpFile);
            }
            try (Secret passphrase = passphrase(source, kp, kpFile);
                    LuksVolume volume = open(image, passphrase, source)) {
                int chunkSize = kp.map(k -> k.metadata().integrity().chunkSize())
                        .orElse(IntegrityManifest.DEFAULT_CHUNK_SIZE);
                return decrypt(image, volume, kp.map(k -> k.metadata().integrity().tree()).orElse(null), chunkSize,
                        out, threads, progress, signer, start);
            }
        }
    }

    /** The LUKS volume opened with {@code passphrase}; a refused passphrase file gets a hint on its bytes. */
    private static LuksVolume open(ShieldedImage image, Secret passphrase, UnlockSource source) {
        try {
            return LuksVolume.open(image.headerRegion(), passphrase);
        } catch (org.gfctl.core.luks.PassphraseRefusedException e) {
            if (source instanceof UnlockSource.Passphrase) {
                throw new org.gfctl.core.luks.PassphraseRefusedException(e.getMessage() + "; --passphrase-file is used byte"
                        + " for byte, a trailing newline included, as cryptsetup's --key-file is (write it with"
                        + " 'printf %s' rather than 'echo', or use the file 'gfctl key reveal' wrote)");
            }
            throw e;
        }
    }

    /** The payload to {@code out} (mode 0600: it is the plaintext disk), chunk by chunk of the manifest's size. */
    private static UnshieldResult decrypt(ShieldedImage image, LuksVolume volume, MerkleTree manifest,
            int chunkSize, Path out, int threads, Progress progress, String signer, long start) {
        long length = image.payloadLength() / 512 * 512;
        ChunkEngine engine = ChunkEngine.create(chunkSize, threads);
        byte[] zeros = new byte[chunkSize];
        if (manifest != null && manifest.size() != engine.chunkCount(length) + 1) {
            throw new IntegrityException("the manifest of " + image.path() + " covers " + (manifest.size() - 1)
                    + " chunks, the image has " + engine.chunkCount(length));
        }
        AtomicLong written = new AtomicLong();
        AtomicLong holes = new AtomicLong();
        long payloadOffset = image.payloadOffset();
        try (AtomicOutput output = AtomicOutput.create(out, true); WorkerKeys keys = new WorkerKeys()) {
            ChunkWriter writer = output.chunkWriter(chunkSize);
            var o = output.channel();
            engine.run(image.channel(), payloadOffset, length, () -> {
                XtsDecryptor xts = keys.add(volume.payloadDecryptor());
                LeafHasher hasher = new LeafHasher();
                ChunkWriter.Lane lane = writer.lane();
                return (index, offset, buf, len) -> {
                    if (manifest != null && !java.security.MessageDigest.isEqual(hasher.leaf(buf, 0, len),
                            manifest.leafHash((int) index + 1))) {
                        throw new IntegrityException("chunk " + index + " at offset " + (payloadOffset + offset) + " of "
                                + image.path() + " does not match the signed manifest: refusing to decrypt tampered data");
                    }
                    xts.decrypt(offset / 512, buf, 0, len);
                    if (Arrays.mismatch(buf, 0, len, zeros, 0, len) == -1) {
                        holes.incrementAndGet();
                    } else {
                        lane.write(buf, len, offset);
                        written.incrementAndGet();
                    }
                };
            }, progress);
            writer.finish();
            if (o.size() < length) {
                ShieldService.write(o, new byte[1], length - 1);
            }
            output.commit();
            LuksHeader h = image.header();
            return new UnshieldResult(image.uuid().toString(), output.target(), length, written.get(), holes.get(),
                    volume.keyslot(), manifest != null, signer, (System.nanoTime() - start) / 1e9,
                    h.cipherName() + "-" + h.cipherMode(), h.keyBytes() * 8, image.size(),
                    manifest == null ? null : java.util.HexFormat.of().formatHex(manifest.root()));
        } catch (IOException e) {
            throw DiskErrors.io("unshielding " + image.path(), out, e);
        } catch (GfctlException e) {
            throw e;
        } catch (Exception e) {
            throw DiskErrors.unexpected("unshielding " + image.path(), out, e);
        }
    }

    /**
     * {@code step}'s result, computed while an owner's key store may still be decrypting on another
     * thread; when both fail, the key store's error (a wrong password) is the one reported, as
     * before the two overlapped.
     */
    private static <T> T ownerKeyFirst(UnlockSource source, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            throw source instanceof UnlockSource.Owner owner ? Futures.failureOfFirst(owner::key, e) : e;
        }
    }

    private static Secret passphrase(UnlockSource source, Optional<KeyProtector> kp, Path kpFile) {
        if (source instanceof UnlockSource.Passphrase p) {
            return p.passphrase().copy();
        }
        if (source instanceof UnlockSource.Released r) {
            return r.opener().apply(kp.orElseThrow());
        }
        UnlockSource.Owner o = (UnlockSource.Owner) source;
        return kp.orElseThrow().unwrap(o.key().privateKey(), o.key().certificate());
    }

    /** The owner's certificate must be one of the key protector's recipients (else exit 6). */
    static void requireRecipient(KeyProtector kp, UnlockSource.Owner owner, Path kpFile) {
        String mine = owner.key().fingerprint();
        if (kp.recipients().stream().noneMatch(r -> r.sha256().equals(mine))) {
            throw new KeyRefusedException("your key " + owner.key().subject() + " (" + mine + ") is not a recipient of "
                    + kpFile + "; its recipients are " + kp.recipients().stream()
                            .map(r -> r.subject() + " (" + r.sha256() + ")").toList());
        }
    }

    /**
     * The key protector must be signed by the owner or a known guardian: otherwise anyone could
     * hand the owner a substitute image encrypted to the owner's public certificate.
     */
    static void requireTrustedSigner(SignedBy by, UnlockSource.Owner owner, Path kpFile) {
        if (by.sha256().equals(owner.key().fingerprint())) {
            return;
        }
        for (X509Certificate g : owner.trustedSigners()) {
            if (by.sha256().equals(Certificates.fingerprint(g))) {
                return;
            }
        }
        throw new IntegrityException("key protector " + kpFile + " is signed by " + by.subject() + " (" + by.sha256()
                + "), which is neither your key nor a guardian of this fabric: refusing to trust it");
    }
}
