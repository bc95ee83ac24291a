package org.gfctl.core.shield;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.disk.ChunkEngine;
import org.gfctl.core.disk.Progress;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keyprotector.KpMetadata;
import org.gfctl.core.keyprotector.SignedBy;
import org.gfctl.core.luks.LuksVolume;
import org.gfctl.core.merkle.MerkleTree;
import org.gfctl.core.secret.Secret;

/**
 * {@code rotate-key --reencrypt --in-place}: re-encrypts the image over itself, batch by batch,
 * resumable after {@code kill -9} or power loss by rerunning the same command.
 *
 * <p>The old header (and with it the old volume key) stays until every chunk is rewritten, so a
 * resumed run can still decrypt what is left. Each batch is re-keyed in memory by the workers,
 * then its old-ciphertext sector tags and new leaf hashes are made durable in the {@link
 * ReencryptJournal}, then it is written in place and fsynced (on a {@link BackgroundWrite}, while
 * the workers re-key the next batch in memory), then the checkpoint advances. A
 * batch interrupted mid-write is redone sector by sector: a sector whose tag matches is still old
 * and is re-keyed, any other is already new; XTS being deterministic, the result must hash to the
 * journaled leaf, or the run stops (the image was changed meanwhile). This is cryptsetup's
 * "checksum" resilience mode (cryptsetup-reencrypt(8)); the model is in docs/rotation.md.
 */
final class InPlaceReencryption {
    /** Chunks per batch and worker: 32 MiB of 1 MiB chunks, two of the engine's windows. */
    private static final int BATCH_PER_THREAD = 32;

    private InPlaceReencryption() {}

    static RotationResult run(RotationRequest r) {
        long start = System.nanoTime();
        Path kpFile = r.kpFile();
        RotationAccess.requireNoJournal(r.image(), "rotate-key --reencrypt --in-place");
        boolean resumed = Files.exists(ReencryptJournal.path(r.image()));
        try (ReencryptJournal journal = resumed ? ReencryptJournal.open(r.image()) : plan(r, kpFile)) {
            KeyProtector pending = journal.pending();
            SignedBy by = pending.verifySignature();
            Path jp = ReencryptJournal.path(r.image());
            UnshieldService.requireRecipient(pending, r.owner(), jp);
            UnshieldService.requireTrustedSigner(by, r.owner(), jp);
            byte[] region = journal.region();
            KpMetadata m = pending.metadata();
            if (!RotationAccess.describes(pending, region)
                    || !ReencryptJournal.imageUuid(r.image()).equals(m.volumeUuid().toString())
                    || Files.size(r.image()) != m.imageSize() || m.integrity().chunkSize() != journal.chunkSize()) {
                throw new IntegrityException(jp + " does not belong to " + r.image() + " or was altered");
            }
            long length = m.imageSize() - m.payloadOffset();
            ReencryptJournal.Progress p = journal.progress();
            try (Secret fresh = pending.unwrap(r.owner().key().privateKey(), r.owner().key().certificate());
                    LuksVolume next = LuksVolume.open(region, fresh)) {
                if (p.done() < journal.chunks()) {
                    KeyProtector old = RotationAccess.checked(kpFile, r);
                    if (!old.metadata().volumeUuid().equals(m.volumeUuid())) {
                        throw new IntegrityException(kpFile + " is not the key protector of " + r.image());
                    }
                    rewrite(r, journal, p, old, next.volumeKey(), length);
                }
                journal.sync();
                byte[] leaves = journal.leaves(0, journal.chunks());
                KeyProtector done = KeyProtector.create(fresh, pending.recipientCertificates(),
                        RotationAccess.withHeader(m, region, leaves), RotationAccess.signer(r.owner()));
                HeaderJournal.apply(r.image(), kpFile, region, done);
                journal.delete();
                return RotationAccess.result("reencrypt", done, r.image(), kpFile, r.owner(), next.keyslot(),
                        -1, length, resumed, start);
            }
        } catch (IOException e) {
            throw new GfctlException(ExitCode.FAILURE, "re-encrypting " + r.image() + " in place failed: " + e.getMessage()
                    + "; rerun the same command to continue from the last checkpoint", e);
        } catch (GfctlException e) {
            throw e;
        } catch (Exception e) {
            throw new GfctlException(ExitCode.FAILURE, "re-encrypting " + r.image() + " in place failed: " + e
                    + "; rerun the same command to continue from the last checkpoint", e);
        }
    }

    /** Checks the image and writes the plan: new key and secret, new header region, pending key protector. */
    private static ReencryptJournal plan(RotationRequest r, Path kpFile) {
        KeyProtector kp = RotationAccess.checked(kpFile, r);
        var recipients = RotationAccess.recipients(kp, r);
        try (ShieldedImage image = ShieldedImage.open(r.image());
                Secret newKey = Secret.random(64);
                Secret fresh = Secret.newUnlockSecret()) {
            image.requireMatches(kp, kpFile);
            byte[] region = ShieldService.newHeader(newKey, image.uuid(), fresh);
            if (region.length != image.payloadOffset()) {
                throw new GfctlException(ExitCode.FAILURE, r.image() + " has its payload at byte " + image.payloadOffset()
                        + ", a new header needs " + region.length + ": re-encrypt it to a new file (without --in-place)");
            }
            KeyProtector pending = KeyProtector.create(fresh, recipients,
                    RotationAccess.withHeader(kp.metadata(), region, null), RotationAccess.signer(r.owner()));
            ChunkEngine engine = ChunkEngine.create(kp.metadata().integrity().chunkSize(), r.threads());
            long chunks = engine.chunkCount(image.payloadLength());
            ReencryptService.requireCovers(kp.metadata(), engine, image.payloadLength(), r.image());
            return ReencryptJournal.create(r.image(), region, pending, kp.metadata().integrity().chunkSize(),
                    BATCH_PER_THREAD * Math.min(engine.threads(), 4), chunks);
        }
    }

    /** Rewrites every chunk from the checkpoint on, batch by batch, with the old key from the (unchanged) header. */
    private static void rewrite(RotationRequest r, ReencryptJournal journal, ReencryptJournal.Progress p,
            KeyProtector old, Secret newKey, long length) throws Exception {
        int chunk = journal.chunkSize();
        ChunkEngine engine = ChunkEngine.create(chunk, r.threads());
        MerkleTree manifest = old.metadata().integrity().tree();
        try (ShieldedImage image = ShieldedImage.open(r.image());
                Secret oldSecret = old.unwrap(r.owner().key().privateKey(), r.owner().key().certificate());
                LuksVolume volume = LuksVolume.open(image.headerRegion(), oldSecret);
                FileChannel out = FileChannel.open(r.image(), StandardOpenOption.WRITE);
                WorkerKeys keys = new WorkerKeys();
                BackgroundWrite writes = new BackgroundWrite()) {
            long payload = image.payloadOffset();
            // two buffers: the workers re-key batch k+1 into one while batch k is written from the other
            byte[][] buffers = {new byte[journal.batchChunks() * chunk], new byte[journal.batchChunks() * chunk]};
            byte[] tags = new byte[journal.tagBytes()];
            long from = p.done();
            long writing = -1;
            boolean armed = p.armedEnd() > p.done();
            for (int cur = 0; from < journal.chunks(); cur ^= 1) {
                byte[] buffer = buffers[cur];
                long to = armed ? p.armedEnd() : Math.min(journal.chunks(), from + journal.batchChunks());
                long batchStart = from * chunk;
                long batchLen = Math.min(length, to * chunk) - batchStart;
                byte[] leaves = armed ? journal.leaves(from, to) : new byte[(int) (to - from) * 32];
                byte[] oldTags = armed ? journal.tags() : tags;
                boolean redo = armed;
                long first = from;
                Progress progress = (d, t) -> r.progress().update(batchStart + d, length);
                engine.run(image.channel(), payload + batchStart, batchLen, () -> {
                    Rekeyer k = keys.add(new Rekeyer(volume.volumeKey(), newKey));
                    CRC32C crc32c = new CRC32C();
                    CRC32 crc32 = new CRC32();
                    return (index, offset, buf, len) -> {
                        long sector0 = (batchStart + offset) / 512;
                        int t0 = (int) (offset / 512) * 8;
                        if (redo) {
                            for (int s = 0; s < len; s += 512) {
                                if (tag(crc32c, crc32, buf, s) == getLong(oldTags, t0 + s / 512 * 8)) {
                                    k.rekey(sector0 + s / 512, buf, s, 512);
                                }
                            }
                            if (!MessageDigest.isEqual(k.leaf(buf, len), java.util.Arrays.copyOfRange(leaves,
                                    (int) index * 32, (int) index * 32 + 32))) {
                                throw new IntegrityException("chunk " + (first + index) + " at offset "
                                        + (payload + batchStart + offset) + " of " + r.image() + " is neither the old nor"
                                        + " the new ciphertext: the image changed while its re-encryption was interrupted");
                            }
                        } else {
                            k.requireSigned(first + index, buf, len, manifest, r.image(), payload + batchStart + offset);
                            for (int s = 0; s < len; s += 512) {
                                putLong(oldTags, t0 + s / 512 * 8, tag(crc32c, crc32, buf, s));
                            }
                            k.rekey(sector0, buf, 0, len);
                            System.arraycopy(k.leaf(buf, len), 0, leaves, (int) index * 32, 32);
                        }
                        System.arraycopy(buf, 0, buffer, (int) offset, len);
                    };
                }, progress);
                // batch k is on the disk before its checkpoint advances, and the checkpoint advances
                // before batch k+1 is armed: the journal's states and their order are those of a
                // batch-at-a-time rewrite; only the in-memory re-keying of k+1 moved earlier
                finishWrite(writes, journal, writing);
                if (!armed) {
                    journal.arm(from, to, tags, leaves);
                }
                writes.start(out, buffer, (int) batchLen, payload + batchStart);
                writing = to;
                armed = false;
                from = to;
            }
            finishWrite(writes, journal, writing);
        }
    }

    /** Waits for the batch being written (if any) to be on the disk, then advances the checkpoint to its end. */
    private static void finishWrite(BackgroundWrite writes, ReencryptJournal journal, long writing)
            throws IOException, InterruptedException {
        writes.await();
        if (writing >= 0) {
            journal.advance(writing);
        }
    }

    /** A 64-bit tag of one 512-byte sector: CRC32C and CRC32 (both intrinsics), enough to tell old from new. */
    private static long tag(CRC32C a, CRC32 b, byte[] buf, int off) {
        a.reset();
        a.update(buf, off, 512);
        b.reset();
        b.update(buf, off, 512);
        return a.getValue() << 32 | b.getValue();
    }

    private static long getLong(byte[] b, int off) {
        return java.nio.ByteBuffer.wrap(b, off, 8).getLong();
    }

    private static void putLong(byte[] b, int off, long v) {
        java.nio.ByteBuffer.wrap(b, off, 8).putLong(v);
    }
}
