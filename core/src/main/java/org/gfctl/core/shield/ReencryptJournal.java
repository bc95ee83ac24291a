package org.gfctl.core.shield;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.internal.AtomicFiles;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.luks.LuksHeader;

/**
 * The checkpoint journal of an in-place re-encryption ({@code IMAGE.gfctl-reencrypt}, mode 0600).
 *
 * <p>Layout: a plan written once, atomically (new header region, pending key protector with the
 * new unlock secret enveloped to the recipients, sizes, SHA-256); two progress records written in
 * turn, each with its own SHA-256, so that a torn record falls back to the previous one; the new
 * leaf hash of every chunk; and, for the batch being rewritten, a 64-bit tag (CRC32C and CRC32)
 * of every old-ciphertext sector. A record is {@code (seq, done, armedEnd, batchDigest)}: chunks
 * below {@code done} hold new ciphertext; when {@code armedEnd > done}, chunks {@code [done,
 * armedEnd)} may be partly rewritten, and the tags tell each sector's state. The model is in
 * docs/rotation.md; nothing secret is stored in clear.
 */
final class ReencryptJournal implements AutoCloseable {
    private static final byte[] MAGIC = "GFCTL-REENCRYPT1".getBytes(StandardCharsets.US_ASCII);
    private static final int PLAN_START = 4096;
    private static final int RECORD = 512;
    private static final int RECORD_BYTES = 8 * 3 + 32;

    /** Where a resumed run starts. */
    record Progress(long seq, long done, long armedEnd) {}

    private final Path path;
    private final FileChannel ch;
    private final byte[] region;
    private final KeyProtector pending;
    private final int chunkSize;
    private final int batchChunks;
    private final long chunks;
    private final long progressOff;
    private final long leavesOff;
    private final long tagsOff;
    private long seq;

    private ReencryptJournal(Path path, FileChannel ch, byte[] region, KeyProtector pending, int chunkSize,
            int batchChunks, long chunks) {
        this.path = path;
        this.ch = ch;
        this.region = region;
        this.pending = pending;
        this.chunkSize = chunkSize;
        this.batchChunks = batchChunks;
        this.chunks = chunks;
        this.progressOff = align(PLAN_START + region.length + pending.toPem().length);
        this.leavesOff = progressOff + 2 * RECORD;
        this.tagsOff = align(leavesOff + chunks * 32);
    }

    /** {@code IMAGE.gfctl-reencrypt}. */
    static Path path(Path image) {
        return image.resolveSibling(image.getFileName() + ".gfctl-reencrypt");
    }

    /** Creates the journal (atomically: it exists complete or not at all) and opens it. */
    static ReencryptJournal create(Path image, byte[] region, KeyProtector pending, int chunkSize, int batchChunks,
            long chunks) {
        byte[] pem = pending.toPem();
        ByteBuffer head = ByteBuffer.allocate(PLAN_START);
        head.put(MAGIC).putInt(chunkSize).putInt(batchChunks).putLong(chunks).putInt(region.length).putInt(pem.length);
        MessageDigest d = sha256();
        d.update(head.array(), 0, head.position());
        d.update(region);
        d.update(pem);
        head.put(d.digest());
        ReencryptJournal shape = new ReencryptJournal(path(image), null, region, pending, chunkSize, batchChunks, chunks);
        byte[] all = new byte[(int) shape.tagsOff + shape.tagBytes()];
        System.arraycopy(head.array(), 0, all, 0, PLAN_START);
        System.arraycopy(region, 0, all, PLAN_START, region.length);
        System.arraycopy(pem, 0, all, PLAN_START + region.length, pem.length);
        byte[] first = record(0, 0, 0, new byte[32]);
        System.arraycopy(first, 0, all, (int) shape.progressOff, first.length);
        AtomicFiles.write(path(image), all, "rw-------", AtomicFiles.Existing.REFUSE);
        return open(image);
    }

    /** Opens an existing journal and checks its plan; the pending key protector's signature is the caller's. */
    static ReencryptJournal open(Path image) {
        Path p = path(image);
        FileChannel ch;
        try {
            ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("no re-encryption journal " + p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + p + ": " + e.getMessage(), e);
        }
        try {
            ByteBuffer head = ByteBuffer.wrap(read(ch, 0, PLAN_START));
            byte[] magic = new byte[MAGIC.length];
            head.get(magic);
            int chunkSize = head.getInt();
            int batch = head.getInt();
            long chunks = head.getLong();
            int regionLen = head.getInt();
            int pemLen = head.getInt();
            int fields = head.position();
            byte[] digest = new byte[32];
            head.get(digest);
            if (!Arrays.equals(magic, MAGIC) || regionLen <= 0 || regionLen > (64 << 20) || pemLen <= 0
                    || pemLen > (64 << 20) || chunkSize <= 0 || batch <= 0 || chunks < 0) {
                throw new IntegrityException(p + " is not a gfctl re-encryption journal");
            }
            byte[] region = read(ch, PLAN_START, regionLen);
            byte[] pem = read(ch, PLAN_START + regionLen, pemLen);
            MessageDigest d = sha256();
            d.update(head.array(), 0, fields);
            d.update(region);
            d.update(pem);
            if (!MessageDigest.isEqual(digest, d.digest())) {
                throw new IntegrityException(p + ": the plan (new header and key protector) is damaged");
            }
            ReencryptJournal j = new ReencryptJournal(p, ch, region, KeyProtector.parse(pem), chunkSize, batch, chunks);
            j.seq = j.progress().seq();
            return j;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot read " + p + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    byte[] region() {
        return region.clone();
    }

    KeyProtector pending() {
        return pending;
    }

    int chunkSize() {
        return chunkSize;
    }

    int batchChunks() {
        return batchChunks;
    }

    long chunks() {
        return chunks;
    }

    /** The newest intact progress record (a torn write leaves the previous one). */
    Progress progress() throws IOException {
        Progress best = null;
        for (int i = 0; i < 2; i++) {
            ByteBuffer b = ByteBuffer.wrap(read(ch, progressOff + (long) i * RECORD, RECORD_BYTES + 32));
            long s = b.getLong();
            long done = b.getLong();
            long armed = b.getLong();
            byte[] batchDigest = new byte[32];
            b.get(batchDigest);
            byte[] digest = new byte[32];
            b.get(digest);
            boolean intact = MessageDigest.isEqual(digest, sha256(b.array(), RECORD_BYTES));
            if (intact && armed > done && !MessageDigest.isEqual(batchDigest, batchDigest(done, armed))) {
                intact = false;
            }
            if (intact && (best == null || s > best.seq())) {
                best = new Progress(s, done, armed);
            }
        }
        if (best == null) {
            throw new IntegrityException(path + ": no intact progress record");
        }
        return best;
    }

    /** Records, durably, the old-ciphertext sector tags and new leaves of chunks {@code [from, to)} about to be rewritten. */
    void arm(long from, long to, byte[] tags, byte[] leaves) throws IOException {
        if (tags.length != tagBytes() || leaves.length != (to - from) * 32) {
            throw new IllegalArgumentException("arm: " + tags.length + " tag bytes, " + leaves.length + " leaf bytes");
        }
        ShieldService.write(ch, tags, tagsOff);
        ShieldService.write(ch, leaves, leavesOff + from * 32);
        writeRecord(from, to, batchDigest(tags, leaves));
        ch.force(false);
    }

    /** Records that chunks below {@code done} hold new ciphertext (made durable by the next {@link #arm} or {@link #sync}). */
    void advance(long done) throws IOException {
        writeRecord(done, 0, new byte[32]);
    }

    void sync() throws IOException {
        ch.force(false);
    }

    /** The size of the tag area: 8 bytes per sector of a full batch. */
    int tagBytes() {
        return batchChunks * (chunkSize / 512) * 8;
    }

    /** The sector tags recorded by the last {@link #arm}. */
    byte[] tags() throws IOException {
        return read(ch, tagsOff, tagBytes());
    }

    /** New leaf hashes of chunks {@code [from, to)}. */
    byte[] leaves(long from, long to) throws IOException {
        return read(ch, leavesOff + from * 32, (int) (to - from) * 32);
    }

    /** Removes the journal file (the rotation is complete). */
    void delete() throws IOException {
        ch.close();
        java.nio.file.Files.deleteIfExists(path);
    }

    @Override
    public void close() {
        closeQuietly(ch);
    }

    /** The UUID in the LUKS header of {@code image} (the first 592 bytes, written atomically with their page). */
    static String imageUuid(Path image) {
        try (FileChannel c = FileChannel.open(image, StandardOpenOption.READ)) {
            return LuksHeader.parse(read(c, 0, LuksHeader.SIZE)).uuid();
        } catch (NoSuchFileException e) {
            throw new NotFoundException("image " + image + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + image + ": " + e.getMessage(), e);
        }
    }

    private void writeRecord(long done, long armed, byte[] batchDigest) throws IOException {
        seq++;
        ShieldService.write(ch, record(seq, done, armed, batchDigest), progressOff + (seq % 2) * RECORD);
    }

    private byte[] batchDigest(long from, long to) throws IOException {
        return batchDigest(tags(), leaves(from, to));
    }

    private static byte[] batchDigest(byte[] tags, byte[] leaves) {
        MessageDigest d = sha256();
        d.update(tags);
        d.update(leaves);
        return d.digest();
    }

    private static byte[] record(long seq, long done, long armed, byte[] batchDigest) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_BYTES + 32);
        b.putLong(seq).putLong(done).putLong(armed).put(batchDigest);
        b.put(sha256(b.array(), RECORD_BYTES));
        return b.array();
    }

    private static long align(long n) {
        return (n + 4095) / 4096 * 4096;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new org.gfctl.core.Bug("every JDK has SHA-256", e);
        }
    }

    private static byte[] sha256(byte[] data, int len) {
        return ShieldedImage.sha256(data, len);
    }

    private static byte[] read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buf.position()));
            }
        }
        return buf.array();
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Nothing written is lost: every write that matters was forced before.
        }
    }
}
