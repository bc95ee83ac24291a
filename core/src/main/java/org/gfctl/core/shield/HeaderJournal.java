package org.gfctl.core.shield;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.internal.AtomicFiles;
import org.gfctl.core.keyprotector.KeyProtector;

/**
 * A redo journal for an in-place change of an image's header region: the complete new region and
 * the new key protector, written (atomically, fsynced) before the image is touched.
 *
 * <p>Rewriting a 2 MiB header region in place is not atomic, and the key protector names the
 * region's digest, so between the two writes neither the old nor the new key protector matches
 * the image. The journal makes the change a redo log: once it exists, {@link #apply} can be
 * repeated after any crash until the region and key protector are in place, then the journal is
 * removed. It holds no secret in clear: the region's keyslots are what the image holds anyway,
 * the key protector is the CMS envelope. See docs/rotation.md.
 */
final class HeaderJournal {
    private static final byte[] MAGIC = "GFCTL-HEADER-JOURNAL-1\n".getBytes(StandardCharsets.US_ASCII);

    /** The new region and key protector an interrupted change will finish with. */
    record Entry(byte[] region, KeyProtector kp) {}

    private HeaderJournal() {}

    /** {@code IMAGE.gfctl-rotate}. */
    static Path path(Path image) {
        return image.resolveSibling(image.getFileName() + ".gfctl-rotate");
    }

    /** Writes the journal for {@code image} atomically (mode 0600); refuses an existing one. */
    static void write(Path image, byte[] region, KeyProtector kp) {
        byte[] pem = kp.toPem();
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 8 + region.length + pem.length + 32);
        b.put(MAGIC).putInt(region.length).put(region).putInt(pem.length).put(pem);
        b.put(ShieldedImage.sha256(b.array(), b.position()));
        AtomicFiles.write(path(image), b.array(), "rw-------", AtomicFiles.Existing.REFUSE);
    }

    /** Reads the journal of {@code image}; its key protector still needs its signature checked. */
    static Entry read(Path image) {
        byte[] all;
        try {
            all = Files.readAllBytes(path(image));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path(image) + ": " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        try {
            byte[] magic = new byte[MAGIC.length];
            b.get(magic);
            byte[] region = new byte[b.getInt()];
            b.get(region);
            byte[] pem = new byte[b.getInt()];
            b.get(pem);
            int end = b.position();
            byte[] digest = new byte[32];
            b.get(digest);
            if (!Arrays.equals(magic, MAGIC) || b.hasRemaining()
                    || !MessageDigest.isEqual(digest, ShieldedImage.sha256(all, end))) {
                throw new IntegrityException(path(image) + " is not an intact gfctl header journal");
            }
            return new Entry(region, KeyProtector.parse(pem));
        } catch (RuntimeException e) {
            if (e instanceof IntegrityException ie) {
                throw ie;
            }
            throw new IntegrityException(path(image) + " is not an intact gfctl header journal", e);
        }
    }

    /**
     * Writes the journal's region at offset 0 of {@code image} (fsynced), replaces the key protector
     * atomically, then removes the journal. Repeatable: every step writes the same bytes.
     */
    static void apply(Path image, Path kpFile, byte[] region, KeyProtector kp) {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            ShieldService.write(ch, region, 0);
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the new header region of " + image + " failed: " + e.getMessage()
                    + "; rerun the same command to finish", e);
        }
        kp.writeReplacing(kpFile);
        try {
            Files.deleteIfExists(path(image));
        } catch (IOException e) {
            throw new UncheckedIOException("the rotation of " + image + " is complete, but " + path(image)
                    + " could not be removed: " + e.getMessage(), e);
        }
    }
}
