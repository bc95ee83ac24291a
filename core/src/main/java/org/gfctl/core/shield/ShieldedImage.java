package org.gfctl.core.shield;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.gfctl.core.Bug;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keyprotector.KpMetadata;
import org.gfctl.core.luks.LuksFormatException;
import org.gfctl.core.luks.LuksHeader;
import org.gfctl.core.luks.LuksVolume;
import org.gfctl.core.manifest.LeafHasher;

/**
 * A LUKS image opened for reading, with its header region and (when present) its key protector,
 * checked against each other before any payload byte is trusted.
 *
 * <p>The pairing checks are what make a key protector useless on another image and an image
 * useless with another key protector: the volume UUID, the SHA-256 of the LUKS header and the
 * manifest's leaf 0 (the whole header region, keyslots included) must all match, and the file
 * must have exactly the size the key protector signed.
 */
final class ShieldedImage implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final byte[] headerRegion;
    private final LuksHeader header;
    private final long payloadOffset;
    private final long size;

    private ShieldedImage(Path path, FileChannel channel, byte[] headerRegion, LuksHeader header, long size) {
        this.path = path;
        this.channel = channel;
        this.headerRegion = headerRegion;
        this.header = header;
        this.payloadOffset = (long) header.payloadOffset() * 512;
        this.size = size;
    }

    /** Opens {@code path} read-only and parses its LUKS header region. */
    static ShieldedImage open(Path path) {
        if (Files.isDirectory(path)) {
            throw new org.gfctl.core.UsageException(path + " is a directory, not a shielded image file");
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("image " + path + " does not exist");
        } catch (IOException e) {
            throw new GfctlException(ExitCode.FAILURE, "cannot open " + path + ": " + e.getMessage(), e);
        }
        try {
            long size = ch.size();
            byte[] region;
            try {
                region = LuksVolume.readHeaderRegion(ch);
            } catch (LuksFormatException e) {
                throw new LuksFormatException(path + " is not a LUKS image we can read: " + e.getMessage());
            }
            LuksHeader header = LuksHeader.parse(region);
            long payload = (long) header.payloadOffset() * 512;
            if (payload > LuksVolume.MAX_HEADER_REGION) {
                throw new LuksFormatException(path + " has its payload at byte " + payload + ", beyond the "
                        + (LuksVolume.MAX_HEADER_REGION >> 20) + " MiB gfctl reads as a header region: a damaged or"
                        + " crafted header");
            }
            if (size < payload) {
                throw new IntegrityException(path + " is truncated: the payload starts at byte " + payload
                        + " but the file has " + size + " bytes");
            }
            if (region.length < payload) {
                region = read(ch, payload);
            }
            return new ShieldedImage(path, ch, region, header, size);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new GfctlException(ExitCode.FAILURE, "cannot read " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** The LUKS1 header's uuid field: 40 bytes of NUL-padded ASCII at byte 168 (LUKS1 spec §2.4). */
    private static final int UUID_OFFSET = 168;
    private static final int UUID_LENGTH = 40;

    /** Where an image's raw bytes first differ from what its key protector signed, and how. */
    record Damage(long offset, String problem) {}

    /**
     * Compares {@code path}'s raw bytes with what {@code m} signed, before any parsing: so a changed
     * byte anywhere in the header region is reported as a modification at its place (exit 4), not
     * as a header the parser cannot read. Checks the size, the 592-byte LUKS header's SHA-256, then
     * the whole header region's leaf hash (keyslots and alignment included).
     *
     * @return the first damage found, or empty if the header region and the size are as signed
     */
    static Optional<Damage> checkSigned(Path path, KpMetadata m, Path kpPath) {
        if (Files.isDirectory(path)) {
            throw new org.gfctl.core.UsageException(path + " is a directory, not a shielded image file");
        }
        long payload = m.payloadOffset();
        if (payload < LuksHeader.SIZE || payload > LuksVolume.MAX_HEADER_REGION) {
            throw new IntegrityException("key protector " + kpPath + " signed a payload offset of " + payload
                    + " bytes, outside what a LUKS1 header region can be");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < payload) {
                return Optional.of(new Damage(0, path
                        + " is truncated inside its header region: " + size + " bytes, the key protector signed "
                        + m.imageSize() + " with the payload at byte " + payload));
            }
            byte[] region = read(ch, payload);
            String uuid = new String(region, UUID_OFFSET, UUID_LENGTH, java.nio.charset.StandardCharsets.US_ASCII)
                    .replace("\0", "");
            if (!uuid.equals(m.volumeUuid().toString())) {
                return Optional.of(new Damage(0, "key protector " + kpPath + " does not belong to " + path
                        + ": it is for volume " + m.volumeUuid() + ", the LUKS header names volume '" + uuid
                        + "' (or the header's bytes " + UUID_OFFSET + "-" + (UUID_OFFSET + UUID_LENGTH - 1)
                        + " were modified)"));
            }
            if (!MessageDigest.isEqual(HexFormat.of().parseHex(m.luksHeaderSha256()), sha256(region, LuksHeader.SIZE))) {
                return Optional.of(new Damage(0, "LUKS header of " + path + " (bytes 0-" + (LuksHeader.SIZE - 1)
                        + ") was modified: its SHA-256 differs from the one signed in " + kpPath));
            }
            if (!MessageDigest.isEqual(new LeafHasher().leaf(region, 0, region.length), m.integrity().headerLeaf())) {
                return Optional.of(new Damage(0, "header region of " + path + " (bytes 0-" + (payload - 1)
                        + ", keyslots included) was modified: it no longer hashes to the leaf signed in " + kpPath));
            }
            if (size != m.imageSize()) {
                long chunk = m.integrity().chunkSize();
                long at = size < m.imageSize() ? payload + (size - payload) / chunk * chunk : m.imageSize();
                return Optional.of(new Damage(at, path + (size < m.imageSize() ? " is truncated" : " has trailing data")
                        + ": " + size + " bytes, the key protector signed " + m.imageSize()));
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            throw new NotFoundException("image " + path + " does not exist");
        } catch (IOException e) {
            throw new GfctlException(ExitCode.FAILURE, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The default key-protector path of an image: {@code IMAGE.kp}. */
    static Path defaultKp(Path image) {
        return image.resolveSibling(image.getFileName() + ".kp");
    }

    /** Reads the key protector at {@code kp}, or empty if there is none. */
    static Optional<KeyProtector> readKeyProtector(Path kp) {
        return Files.exists(kp) ? Optional.of(KeyProtector.read(kp)) : Optional.empty();
    }

    /**
     * Checks that {@code kp} (whose signature the caller verified) belongs to this image: UUID,
     * header digest, size and the header-region leaf. Throws {@link IntegrityException} if not.
     */
    void requireMatches(KeyProtector kp, Path kpPath) {
        KpMetadata m = kp.metadata();
        if (!m.volumeUuid().equals(uuid())) {
            throw new IntegrityException("key protector " + kpPath + " does not belong to " + path + ": it is for volume "
                    + m.volumeUuid() + ", the image is volume " + uuid());
        }
        if (!MessageDigest.isEqual(HexFormat.of().parseHex(m.luksHeaderSha256()), headerDigest())) {
            throw new IntegrityException("LUKS header of " + path + " was modified (offset 0): its SHA-256 differs"
                    + " from the one signed in " + kpPath);
        }
        if (!MessageDigest.isEqual(new LeafHasher().leaf(headerRegion, 0, (int) payloadOffset), kp.metadata().integrity().headerLeaf())) {
            throw new IntegrityException("header region of " + path + " (offset 0, keyslots included) was modified");
        }
        if (size != m.imageSize()) {
            throw new IntegrityException(path + (size < m.imageSize() ? " is truncated" : " has trailing data") + ": "
                    + size + " bytes, the key protector signed " + m.imageSize());
        }
    }

    UUID uuid() {
        try {
            return UUID.fromString(header.uuid());
        } catch (IllegalArgumentException e) {
            throw new LuksFormatException("LUKS header of " + path + " has an invalid UUID '" + header.uuid() + "'");
        }
    }

    /** SHA-256 of the 592-byte LUKS header. */
    byte[] headerDigest() {
        return sha256(headerRegion, LuksHeader.SIZE);
    }

    Path path() {
        return path;
    }

    FileChannel channel() {
        return channel;
    }

    byte[] headerRegion() {
        return headerRegion;
    }

    LuksHeader header() {
        return header;
    }

    long payloadOffset() {
        return payloadOffset;
    }

    long payloadLength() {
        return size - payloadOffset;
    }

    long size() {
        return size;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    static byte[] sha256(byte[] data, int len) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(data, 0, len);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new Bug("every JDK has SHA-256", e);
        }
    }

    private static byte[] read(FileChannel ch, long len) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) len);
        while (buf.hasRemaining()) {
            if (ch.read(buf, buf.position()) < 0) {
                break;
            }
        }
        return buf.array();
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Read-only channel: nothing to lose.
        }
    }
}
