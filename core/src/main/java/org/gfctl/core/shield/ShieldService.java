package org.gfctl.core.shield;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.UsageException;
import org.gfctl.core.disk.AtomicOutput;
import org.gfctl.core.disk.ChunkEngine;
import org.gfctl.core.disk.ChunkTask;
import org.gfctl.core.disk.ChunkWriter;
import org.gfctl.core.internal.Futures;
import org.gfctl.core.keyprotector.IntegrityManifest;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keyprotector.KpMetadata;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.luks.LuksFormatter;
import org.gfctl.core.luks.LuksHash;
import org.gfctl.core.luks.LuksHeader;
import org.gfctl.core.manifest.LeafHasher;
import org.gfctl.core.secret.Secret;
import org.gfctl.core.xts.XtsEncryptor;

/**
 * Shields a raw disk image: a LUKS1 {@code aes-xts-plain64} image, its signed integrity manifest,
 * and a key protector holding the unlock secret for each recipient.
 *
 * <p>The volume key (64 random bytes) exists only in memory and inside keyslot 0; the unlock
 * secret (the keyslot 0 passphrase) exists only inside the key protector's envelope. PBKDF2 uses
 * 1000 iterations (cryptsetup's minimum): the unlock secret has 256 bits of entropy, so stretching
 * it would only slow every host down (DESIGN.md "Data formats").
 */
public final class ShieldService {
    static final int PBKDF2_ITERATIONS = 1000;

    private ShieldService() {}

    /** The header region gfctl writes for a new volume key: SHA-256, {@value #PBKDF2_ITERATIONS} rounds, unlock in keyslot 0. */
    static byte[] newHeader(Secret volumeKey, UUID uuid, Secret unlock) {
        return LuksFormatter.create(LuksHash.SHA256, PBKDF2_ITERATIONS, PBKDF2_ITERATIONS).format(volumeKey, uuid, unlock);
    }

    public static ShieldResult shield(ShieldRequest r) {
        try {
            return shieldWithParties(r);
        } catch (RuntimeException e) {
            // a wrong key-store password is reported first; waiting for it also lets the caller
            // name the signer of a failed run in its audit entry
            throw Futures.failureOfFirst(() -> Futures.await(r.parties()), e);
        }
    }

    private static ShieldResult shieldWithParties(ShieldRequest r) {
        long start = System.nanoTime();
        Path kpPath = r.kp() != null ? r.kp() : ShieldedImage.defaultKp(r.out());
        requireDistinct(r.in(), r.out(), kpPath);
        Futures.failFast(r.parties());
        if (Files.exists(kpPath)) {
            // only the key protector: a shield-vm to the same output may have stopped between naming
            // the two (see below), and the message says so
            String alone = Files.exists(r.out(), java.nio.file.LinkOption.NOFOLLOW_LINKS) ? ""
                    : " (but " + r.out() + " does not: it holds an image's unlock secret, so keep it if an image"
                    + " moved elsewhere still needs it; otherwise it may be left by a shield-vm interrupted as it"
                    + " finished, whose image was never named)";
            throw new GfctlException(ExitCode.FAILURE, kpPath + " already exists" + alone
                    + ": remove it or choose another --kp");
        }
        ChunkEngine engine = ChunkEngine.create(IntegrityManifest.DEFAULT_CHUNK_SIZE, r.threads());
        // both outputs are started before the disk pass, so a missing directory is found first
        try (FileChannel in = openInput(r.in());
                Secret volumeKey = Secret.random(64);
                Secret unlock = Secret.newUnlockSecret();
                AtomicOutput out = AtomicOutput.create(r.out(), false);
                AtomicOutput kpOut = AtomicOutput.create(kpPath, false)) {
            long size = in.size();
            if (size == 0 || size % 512 != 0) {
                throw new UsageException(r.in() + " has " + size + " bytes, not a positive multiple of 512: a raw disk"
                        + " image is whole sectors (pad it with 'truncate -s %512 FILE' if it really is one)");
            }
            UUID uuid = UUID.randomUUID();
            long chunks = engine.chunkCount(size);
            if (chunks > KeyProtector.MAX_CHUNKS) {
                throw new UsageException(r.in() + " is too large for one integrity manifest: " + size + " bytes, "
                        + chunks + " chunks of 1 MiB, and a key protector covers at most " + KeyProtector.MAX_CHUNKS);
            }
            byte[] leaves = new byte[(int) (chunks + 1) * 32];
            // the unlock secret is wrapped to the recipients as soon as they are loaded, during the pass
            CompletableFuture<KeyProtector.Sealed> sealed = r.parties().thenApplyAsync(
                    p -> KeyProtector.seal(unlock, p.recipients()));
            try {
                byte[] region;
                long payloadOffset;
                try (PendingHeader header = PendingHeader.start(volumeKey, uuid, unlock)) {
                    payloadOffset = header.payloadOffset();
                    encrypt(r, in, size, volumeKey, out, engine, payloadOffset, leaves, header, sealed);
                    region = header.await();
                }
                write(out.channel(), region, 0);
                System.arraycopy(new LeafHasher().leaf(region, 0, region.length), 0, leaves, 0, 32);
                KpParties parties = Futures.await(r.parties());
                IntegrityManifest manifest = IntegrityManifest.create(IntegrityManifest.DEFAULT_CHUNK_SIZE, leaves);
                String name = r.name() != null ? r.name() : r.out().getFileName().toString();
                String policy = r.releasePolicy() != null ? r.releasePolicy() : "default";
                KpMetadata meta = KpMetadata.create(uuid, name,
                        HexFormat.of().formatHex(ShieldedImage.sha256(region, LuksHeader.SIZE)), payloadOffset,
                        payloadOffset + size, policy, Instant.now(), manifest);
                KeyProtector kp = KeyProtector.create(Futures.await(sealed), meta, parties.signer());
                // Both files are written and synced under temp names, then named back to back, the key
                // protector first: a crash leaves neither name, or (inside a microsecond gap) only the key
                // protector, never a partial file and never an image whose secret exists nowhere.
                write(kpOut.channel(), kp.toPem(), 0);
                AtomicOutput.commitAll(kpOut, out);
                double seconds = (System.nanoTime() - start) / 1e9;
                return new ShieldResult(uuid, name, out.target(), kpPath.toAbsolutePath(), KpMetadata.CIPHER,
                        KpMetadata.KEY_BITS, size, payloadOffset + size, payloadOffset, (int) chunks, manifest.rootHex(),
                        Certificates.subject(parties.signer().certificate()) + " " + Certificates.fingerprint(parties.signer().certificate()),
                        kp.recipients(), policy, seconds);
            } finally {
                Futures.settle(sealed); // the secret is wiped after this: never while it is being wrapped
            }
        } catch (IOException e) {
            throw DiskErrors.io("shielding " + r.in() + " to " + r.out(), r.out(), e);
        } catch (GfctlException e) {
            throw e;
        } catch (Exception e) {
            throw DiskErrors.unexpected("shielding " + r.in(), r.out(), e);
        }
    }

    /** The disk pass: chunk {@code i}'s ciphertext at {@code payloadOffset}, its leaf hash at {@code leaves[i + 1]}. */
    private static void encrypt(ShieldRequest r, FileChannel in, long size, Secret volumeKey, AtomicOutput out,
            ChunkEngine engine, long payloadOffset, byte[] leaves, PendingHeader header,
            CompletableFuture<KeyProtector.Sealed> sealed) throws Exception {
        ChunkWriter writer = out.chunkWriter(IntegrityManifest.DEFAULT_CHUNK_SIZE);
        try (WorkerKeys keys = new WorkerKeys()) {
            engine.run(in, 0, size, () -> {
                XtsEncryptor xts = keys.add(XtsEncryptor.create(volumeKey));
                LeafHasher hasher = new LeafHasher();
                ChunkWriter.Lane lane = writer.lane();
                return new ChunkTask() {
                    @Override
                    public void process(long index, long offset, byte[] buf, int len) throws Exception {
                        xts.encrypt(offset / 512, buf, 0, len);
                        done(index, offset, buf, len);
                    }

                    /** The chunk is encrypted from the mapped input into buf, not copied there first (the input is whole sectors). */
                    @Override
                    public void processMapped(long index, long offset, ByteBuffer window, int at, byte[] buf, int len)
                            throws Exception {
                        xts.encrypt(offset / 512, window, at, buf, 0, len);
                        done(index, offset, buf, len);
                    }

                    private void done(long index, long offset, byte[] buf, int len) throws IOException {
                        System.arraycopy(hasher.leaf(buf, 0, len), 0, leaves, (int) (index + 1) * 32, 32);
                        lane.write(buf, len, payloadOffset + offset);
                    }
                };
            }, r.progress(), () -> {
                Futures.failFast(r.parties());
                header.failFast();
                Futures.failFast(sealed); // a recipient whose key cannot be wrapped to stops the pass early
            });
        }
        writer.finish();
    }

    static FileChannel openInput(Path in) throws IOException {
        if (Files.isDirectory(in)) {
            throw new UsageException(in + " is a directory: --in takes a raw disk image file");
        }
        try {
            return FileChannel.open(in, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("input image " + in + " does not exist");
        }
    }

    static void requireDistinct(Path in, Path out, Path kp) {
        Path a = in.toAbsolutePath().normalize();
        if (a.equals(out.toAbsolutePath().normalize()) || a.equals(kp.toAbsolutePath().normalize())) {
            throw new UsageException("--in and --out must be different files: gfctl never modifies its input");
        }
        if (out.toAbsolutePath().normalize().equals(kp.toAbsolutePath().normalize())) {
            throw new UsageException("--out and --kp must be different files: the image and its key protector are"
                    + " written side by side (the default key protector is OUT.kp)");
        }
    }

    static void write(FileChannel ch, byte[] data, long position) throws IOException {
        write(ch, data, data.length, position);
    }

    static void write(FileChannel ch, byte[] data, int len, long position) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data, 0, len);
        while (b.hasRemaining()) {
            ch.write(b, position + b.position());
        }
    }
}
