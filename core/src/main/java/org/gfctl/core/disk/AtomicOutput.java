package org.gfctl.core.disk;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.gfctl.core.GfctlException;
import org.gfctl.core.ExitCode;

/**
 * A file that appears under its final name only when complete: written to a temp file in the
 * target's directory, fsynced, then given its name atomically, never replacing a file that took
 * that name in the meantime.
 *
 * <p>A crash, {@code kill -9}, a full disk or an exception therefore never leaves a partial file
 * under the final name (DESIGN.md "Disk engine"). {@link #close()} without {@link #commit()}
 * deletes the temp file; a shutdown hook does the same on Ctrl-C. After {@code kill -9} only a
 * hidden {@code .NAME.gfctl-tmp-*} file can remain, and the next output to NAME removes it (a
 * writer holds a lock on its temp file, so one whose lock is free was abandoned).
 */
public final class AtomicOutput implements AutoCloseable {
    /** Between ".NAME" and the random suffix of a temp file. */
    static final String TEMP_MARK = ".gfctl-tmp-";
    /** An unlocked temp file untouched this long was abandoned. */
    static final long STALE_AFTER_MINUTES = 10;
    /**
     * The temp files this process is writing, by file identity (device, inode): never probed, since
     * closing a probe's handle would release this process's lock on them.
     */
    private static final java.util.Set<Object> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final Thread cleanup;
    private WriteBehind writeBehind;
    private FileChannel direct;
    /** The engine's writer, if one was made: its queued writes end before the output is forced. */
    private ChunkWriter chunkWriter;
    private boolean committed;
    /** Named by rename (no hard links on this file system) rather than by link. */
    private boolean renamed;
    /** The temp file's identity (device, inode) before a rename, to recognise it under the final name. */
    private Object fileKey;
    /** The temp file's identity in {@link #LIVE} while it is written. */
    private Object liveKey;

    private AtomicOutput(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.cleanup = new Thread(this::deleteTemp, "gfctl-cleanup-" + target.getFileName());
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Starts writing {@code target}, which must not exist yet.
     *
     * @param ownerOnly create the file with mode 0600 (for files holding secrets)
     */
    public static AtomicOutput create(Path target, boolean ownerOnly) {
        Path abs = target.toAbsolutePath();
        if (Files.exists(abs)) {
            throw new GfctlException(ExitCode.FAILURE, abs + " already exists: remove it or choose another output");
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new GfctlException(ExitCode.NOT_FOUND, "directory " + dir + " does not exist: create it first");
        }
        removeStale(dir, "." + abs.getFileName() + TEMP_MARK);
        Path temp = dir.resolve("." + abs.getFileName() + TEMP_MARK + UUID.randomUUID().toString().substring(0, 8));
        try {
            FileChannel ch = ownerOnly
                    ? FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                            StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Object key = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (key != null) {
                LIVE.add(key);
            }
            if (ch.tryLock() == null) { // held until the channel closes: marks the temp file as being written
                ch.close();
                LIVE.remove(key);
                throw new IOException("cannot lock the new temp file " + temp);
            }
            AtomicOutput out = new AtomicOutput(abs, temp, ch);
            out.liveKey = key;
            return out;
        } catch (IOException e) {
            throw new GfctlException(ExitCode.FAILURE, "cannot create a file in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes temp files of this target that nobody is writing and nobody touched for
     * {@value #STALE_AFTER_MINUTES} minutes: a writer holds a lock on its temp file until it names it
     * (writes also keep its time fresh), so a temp file whose lock is free and whose time is old was
     * left by a process that died ({@code kill -9}, power loss), possibly holding plaintext of an
     * unshielded image. Only regular files of this user exactly named like gfctl's temp files are
     * considered (never a symbolic link, FIFO or device), and never one this process is writing.
     */
    private static void removeStale(Path dir, String prefix) {
        if (sharedWithoutSticky(dir)) {
            return; // others could swap the file between the checks and the removal
        }
        long cutoff = System.currentTimeMillis() - java.util.concurrent.TimeUnit.MINUTES.toMillis(STALE_AFTER_MINUTES);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> isTempName(f.getFileName().toString(), prefix)).toList()) {
                try {
                    var a = Files.readAttributes(p, java.nio.file.attribute.PosixFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (!a.isRegularFile() || a.lastModifiedTime().toMillis() > cutoff
                            || a.fileKey() != null && LIVE.contains(a.fileKey()) || !ownedByThisUser(p)) {
                        continue;
                    }
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                            java.nio.channels.FileLock lock = ch.tryLock()) {
                        if (lock != null) {
                            Files.deleteIfExists(p);
                        }
                    }
                } catch (java.nio.channels.OverlappingFileLockException | IOException | UnsupportedOperationException e) {
                    // in use, not ours to remove, or gone already
                }
            }
        } catch (IOException ignored) {
            // an unreadable directory: creating the temp file reports it
        }
    }

    /** Whether others may write {@code dir} without the sticky bit protecting each one's files. */
    private static boolean sharedWithoutSticky(Path dir) {
        try {
            int mode = (Integer) Files.getAttribute(dir, "unix:mode");
            return (mode & 0022) != 0 && (mode & 01000) == 0;
        } catch (IOException | RuntimeException e) {
            return true; // cannot tell: leave everything as it is
        }
    }

    private static boolean isTempName(String name, String prefix) {
        return name.length() == prefix.length() + 8 && name.startsWith(prefix)
                && name.substring(prefix.length()).chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }

    private static boolean ownedByThisUser(Path p) throws IOException {
        Object uid = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        return uid instanceof Integer u && u == new com.sun.security.auth.module.UnixSystem().getUid();
    }

    /** Writes {@code bytes} to a new file {@code target} atomically. */
    public static void write(Path target, byte[] bytes, boolean ownerOnly) {
        try (AtomicOutput out = create(target, ownerOnly)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                out.channel().write(buf);
            }
            out.commit();
        } catch (IOException e) {
            throw new GfctlException(ExitCode.FAILURE, "writing " + target + " failed: " + e.getMessage()
                    + "; nothing was written under that name", e);
        }
    }

    /**
     * A writer for the streaming engine's chunks: {@code O_DIRECT} when the file system takes it,
     * else buffered writes with {@link #writeBehind()}. Call once, before the workers start.
     */
    public ChunkWriter chunkWriter(int maxChunk) {
        int alignment = 0;
        try {
            alignment = (int) Files.getFileStore(temp).getBlockSize();
            if (alignment > 0 && alignment <= maxChunk && Integer.bitCount(alignment) == 1) {
                direct = FileChannel.open(temp, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
            }
        } catch (IOException | UnsupportedOperationException e) {
            direct = null; // the file system refuses O_DIRECT: buffered writes
        }
        if (direct == null) {
            writeBehind();
        }
        chunkWriter = new ChunkWriter(channel, direct, Math.max(alignment, 1), maxChunk, target.getFileName().toString());
        return chunkWriter;
    }

    /**
     * Starts writing the data back to disk while it is produced (for multi-GiB outputs), instead
     * of all at once in {@link #commit()}; see {@link WriteBehind}.
     */
    void writeBehind() {
        if (writeBehind == null) {
            writeBehind = WriteBehind.start(channel, target.getFileName().toString());
        }
    }

    /** The channel of the temp file, for positional writes. */
    public FileChannel channel() {
        return channel;
    }

    public Path target() {
        return target;
    }

    /** Forces the data to disk and renames the temp file to the target; then fsyncs the directory. */
    public void commit() throws IOException {
        commitAll(this);
    }

    /**
     * Commits several outputs as close together as two links can be: everything is forced to disk
     * first, then each temp file gets its final name in the order given, then the directories are
     * fsynced. A crash can then split them only inside that microsecond-wide gap, so callers name
     * the output that is useless alone (an image whose key is elsewhere) last.
     *
     * <p>A final name is never replaced: the temp file is hard-linked to it (link(2) fails if the
     * name exists, atomically), then unlinked. Where the file system has no hard links the temp file
     * is renamed once the name was checked free (a rename replaces whatever is there, so a file made
     * under that name in between would be lost). If a name is taken meanwhile, the outputs already
     * named are removed again and nothing else is touched.
     */
    public static void commitAll(AtomicOutput... outputs) throws IOException {
        for (AtomicOutput o : outputs) {
            if (o.chunkWriter != null) {
                o.chunkWriter.finish();
            }
            o.stopWriteBehind();
            if (o.direct != null) {
                o.direct.force(true);
            }
            o.channel.force(true);
        }
        // named while still open: closing any handle of the file would release the temp file's lock
        for (int i = 0; i < outputs.length; i++) {
            try {
                outputs[i].name();
            } catch (IOException | RuntimeException e) {
                for (int j = 0; j < i; j++) {
                    outputs[j].unname();
                }
                throw e;
            }
        }
        for (AtomicOutput o : outputs) {
            if (o.direct != null) {
                o.direct.close();
            }
            o.channel.close();
            o.dropTempName();
            syncDirectory(o.target.getParent());
        }
    }

    /** Gives the complete temp file its final name, which must still be free. */
    private void name() throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw taken();
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof java.nio.file.AccessDeniedException || e instanceof java.nio.file.NoSuchFileException) {
                throw (IOException) e; // not a matter of hard links
            }
            // no hard links here (FAT, some network and FUSE file systems): check, then rename
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw taken();
            }
            fileKey = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException m) {
                throw new IOException("the file system of " + target + " cannot rename atomically", m);
            }
            renamed = true;
        }
        committed = true;
    }

    /** Takes the final name away again from an output {@link #name()} gave it (a later one failed). */
    private void unname() {
        try {
            if (renamed) {
                Object now = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
                if (fileKey != null && fileKey.equals(now)) { // still this file, not one put there since
                    Files.move(target, temp, StandardCopyOption.ATOMIC_MOVE);
                }
            } else if (Files.isSameFile(target, temp)) {
                Files.delete(target);
            }
        } catch (IOException ignored) {
            // Best effort: the error reported names what happened.
        }
        committed = false;
        renamed = false;
    }

    /** Removes the temp name of a linked output: the file stays under its final name. */
    private void dropTempName() {
        if (!renamed) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The output is complete under its name; a second, hidden name for it can remain.
            }
        }
    }

    private FileAlreadyExistsException taken() {
        return new FileAlreadyExistsException(target.toString(), null,
                "appeared while gfctl was writing it; it was left as it is");
    }

    private void stopWriteBehind() throws IOException {
        WriteBehind w = writeBehind;
        writeBehind = null;
        if (w != null) {
            w.stop();
        }
    }

    @Override
    public void close() {
        if (chunkWriter != null) {
            chunkWriter.stopWriter();
        }
        try {
            stopWriteBehind();
        } catch (IOException ignored) {
            // Not committed (commit stops it first and reports); the temp file is deleted below.
        }
        if (!committed) {
            deleteTemp();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: it deletes the temp file itself.
        }
        if (liveKey != null) {
            LIVE.remove(liveKey);
        }
    }

    private void deleteTemp() {
        try {
            if (direct != null) {
                direct.close();
            }
            channel.close();
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Best effort: a leftover hidden temp file never carries the target's name.
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot fsync a directory; the rename itself is still atomic.
        }
    }
}
