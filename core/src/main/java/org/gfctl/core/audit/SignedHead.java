package org.gfctl.core.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;

/**
 * The newest checkpoint the guardian has signed, kept in the fabric home beside its keys
 * ({@code HOME/audit-head}, mode 0600), outside the store: whoever can write the store but not the
 * fabric home cannot roll the log back (delete its newest entries and checkpoints, or all of them)
 * without append and verify noticing. It names the fabric it belongs to, so a new fabric in the same
 * home (init --force) starts its own head without deleting anything first; it only moves forward.
 *
 * <p>Format: one line {@code FABRIC_ID NUMBER TREE_SIZE ROOT_HEX}. Writers take an exclusive lock
 * (and, within one JVM, a lock of their own: file locks are per process), write the new line over
 * the old one from offset 0 and then cut the file to it, so the file is never empty once written;
 * readers take a shared lock.
 */
public record SignedHead(String fabricId, long number, long treeSize, byte[] root) {
    /** File locks belong to the process: threads of one JVM also take this one. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    /** The head recorded at {@code file} for fabric {@code fabricId}, or empty if none was recorded for it yet. */
    public static Optional<SignedHead> read(Path file, String fabricId) {
        if (file == null || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        IN_PROCESS.lock();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
                var lock = raf.getChannel().lock(0, Long.MAX_VALUE, true)) {
            return parse(text(raf), file).filter(h -> h.fabricId().equals(fabricId));
        } catch (IOException e) {
            throw unreadable(file, e.getMessage(), e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    /** Records {@code k} of fabric {@code fabricId} at {@code file} unless a newer checkpoint of it is there. */
    static void advance(Path file, String fabricId, Checkpoint k) {
        if (file == null) {
            return;
        }
        IN_PROCESS.lock();
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another process made it: write under its lock below
                }
            }
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
                    var lock = raf.getChannel().lock()) {
                Optional<SignedHead> now = parse(text(raf), file);
                if (now.isPresent() && now.get().fabricId().equals(fabricId) && now.get().number() >= k.number()) {
                    return;
                }
                byte[] line = (fabricId + " " + k.number() + " " + k.treeSize() + " " + HexFormat.of().formatHex(k.root())
                        + "\n").getBytes(StandardCharsets.US_ASCII);
                // RandomAccessFile's own I/O: an interrupt of this thread does not close it midway
                raf.seek(0);
                raf.write(line);
                raf.setLength(line.length);
                raf.getFD().sync();
            }
        } catch (IOException e) {
            throw new GfctlException(ExitCode.FAILURE, "cannot record the audit head in " + file + ": " + e.getMessage(), e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private static String text(RandomAccessFile raf) throws IOException {
        byte[] b = new byte[(int) Math.min(raf.length(), 4096)];
        raf.seek(0);
        raf.readFully(b);
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** The head in {@code text}; empty text (the file's first write under way) is no head. */
    private static Optional<SignedHead> parse(String text, Path file) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            String[] f = text.strip().split(" ");
            if (f.length != 4) {
                throw new NumberFormatException("4 fields expected");
            }
            return Optional.of(new SignedHead(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), HexFormat.of().parseHex(f[3])));
        } catch (IllegalArgumentException e) {
            throw unreadable(file, e.getMessage(), e);
        }
    }

    private static GfctlException unreadable(Path file, String why, Exception e) {
        return new GfctlException(ExitCode.INTEGRITY_VIOLATION, "the audit head " + file + " is unreadable (" + why
                + "): it records the newest checkpoint the guardian signed; restore it from a backup, or run"
                + " 'gfctl audit verify'", e);
    }

    /** Why a store whose newest checkpoint is {@code latest} (null: none) is behind this head, or null if it is not. */
    String behind(Checkpoint latest) {
        if (latest == null) {
            return "the store holds no checkpoint, but the guardian signed checkpoint " + number + " (size " + treeSize
                    + "): its entries and checkpoints were deleted";
        }
        if (latest.number() < number) {
            return "the store's newest checkpoint is " + latest.number() + " (size " + latest.treeSize()
                    + "), but the guardian signed checkpoint " + number + " (size " + treeSize + "): the newest entries"
                    + " and checkpoints were deleted";
        }
        if (latest.number() == number && !java.security.MessageDigest.isEqual(latest.root(), root)) {
            return "checkpoint " + number + " in the store is not the one the guardian signed (another root)";
        }
        return null;
    }
}
