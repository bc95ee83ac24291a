package org.gfctl.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.gfctl.core.UsageException;

/**
 * Writes a whole file so that its final name holds either nothing or the complete content, with
 * the permissions it was created with.
 *
 * <p>The content goes to a temporary file in the target directory, created with the requested
 * POSIX permissions (so a private key is never readable by others, not even briefly), is fsynced,
 * then linked (when replacing is refused: link(2) fails if the name exists, without a race) or
 * renamed over the final name; finally the directory is fsynced so the new name survives a crash.
 */
public final class AtomicFiles {

    /** Whether an existing file at the target may be replaced. */
    public enum Existing { REFUSE, REPLACE }

    private AtomicFiles() {}

    /**
     * Writes {@code content} to {@code target} with {@code permissions} (e.g. {@code "rw-------"}).
     *
     * @throws UsageException if the file exists and {@code existing} is REFUSE
     */
    public static void write(Path target, byte[] content, String permissions, Existing existing) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (existing == Existing.REFUSE && Files.exists(absolute)) {
            throw exists(target);
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new org.gfctl.core.NotFoundException("directory " + dir + " does not exist: create it first");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (existing == Existing.REFUSE) {
                Files.createLink(absolute, tmp);
                Files.delete(tmp);
            } else {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (FileAlreadyExistsException e) {
            throw exists(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The original failure is the one worth reporting.
                }
            }
        }
    }

    private static UsageException exists(Path target) {
        return new UsageException(target + " already exists; remove it or choose another name"
                + " (gfctl never overwrites a key or key protector unless asked to)");
    }
}
