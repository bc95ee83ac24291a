package org.gfctl.core.disk;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.gfctl.core.internal.Threads;

/**
 * Positional writes of engine chunks to an {@link AtomicOutput}, through {@code O_DIRECT} when
 * the output's file system takes it.
 *
 * <p>Direct writes go from aligned buffers straight to the device: no page-cache page is
 * allocated, dirtied and written back later, and nothing is left for the final fsync but the
 * device cache. On this project's VM a buffered 2 GiB write + fsync took 19–20 s of which 8 s in
 * the kernel, the same write with {@code O_DIRECT} 2.9–3.6 s ({@code dd}, bench notes in
 * docs/design.md "Disk engine").
 *
 * <p>One writer thread issues every direct write; a worker copies its chunk into a free aligned
 * buffer, queues it and goes on with the next chunk. Workers that each wrote their own chunks
 * waited for the device in turn (ext4 serialises direct writes that allocate blocks) and left
 * their core idle meanwhile; with the writer the device and the cores stay busy together
 * ({@code bench/disk-pass.sh}). At most {@link #buffers} chunks wait (16 MiB, or two chunks where
 * chunks are larger), so memory stays bounded.
 * A write whose position or length is not a multiple of the file system's block size (only an
 * image's last, partial chunk) goes through the buffered channel at once, as does everything
 * when {@code O_DIRECT} is refused; then {@link WriteBehind} flushes in the background instead.
 * The first failed write (or anything that stops the writer thread) fails every later
 * {@link Lane#write} and {@link #finish()}; a worker waiting for a buffer never waits for a
 * writer that failed.
 */
public final class ChunkWriter {
    /** Bytes of queued chunks at most (and never fewer than two buffers). */
    static final int QUEUE_BYTES = 16 << 20;
    private static final Pending STOP = new Pending(null, -1);
    private final FileChannel buffered;
    private final FileChannel direct;
    private final int alignment;
    private final int maxChunk;
    private final int buffers;
    private final BlockingQueue<ByteBuffer> free;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** The first failure of the writer thread (an I/O error, or anything else that stopped it). */
    private volatile Throwable failure;
    /** Set by {@link #stopWriter()}: nothing may be queued after it. */
    private volatile boolean stopped;
    private int allocated;

    private record Pending(ByteBuffer data, long position) {}

    ChunkWriter(FileChannel buffered, FileChannel direct, int alignment, int maxChunk, String name) {
        this.buffered = buffered;
        this.direct = direct;
        this.alignment = alignment;
        this.maxChunk = maxChunk;
        this.buffers = Math.max(2, Math.min(8, QUEUE_BYTES / Math.max(maxChunk, 1)));
        this.free = new ArrayBlockingQueue<>(buffers);
        if (direct != null) {
            writer = new Thread(this::writeQueued, "gfctl-writer-" + name);
            writer.setDaemon(true);
            writer.start();
        } else {
            writer = null;
        }
    }

    /** Whether writes bypass the page cache. */
    public boolean direct() {
        return direct != null;
    }

    /** A lane for one worker thread. */
    public Lane lane() {
        return new Lane();
    }

    /** The writer thread: each queued chunk in turn, until {@link #STOP}; after a failure only recycles buffers. */
    private void writeQueued() {
        while (true) {
            Pending p;
            try {
                p = queue.take();
            } catch (InterruptedException e) {
                continue; // nobody interrupts this thread; STOP ends it
            }
            if (p == STOP) {
                return;
            }
            try {
                if (failure == null) {
                    ByteBuffer b = p.data();
                    while (b.hasRemaining()) {
                        direct.write(b, p.position() + b.position());
                    }
                }
            } catch (Throwable e) { // whatever stops a write fails the output, never only this thread
                if (failure == null) {
                    failure = e;
                }
            } finally {
                free.add(p.data());
            }
        }
    }

    /**
     * Waits for every queued write and stops the writer thread; rethrows the first failed write.
     * Callers call it once the engine's pass returned, before they read the output's size or write
     * anything else to it (a queued chunk would otherwise land after, and over, what they write);
     * {@link AtomicOutput#commit()} calls it again before forcing the file, which is harmless.
     */
    public void finish() throws IOException {
        stopWriter();
        throwIfFailed();
    }

    /** Stops the writer thread once the writes queued so far are done, without reporting them. */
    void stopWriter() {
        stopped = true;
        if (writer != null && writer.isAlive()) {
            queue.add(STOP);
            Threads.joinUninterruptibly(java.util.List.of(writer));
        }
    }

    /** Rethrows the writer's failure: the I/O error itself (its type and message are what users see). */
    private void throwIfFailed() throws IOException {
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw io;
        }
        if (f != null) {
            throw new IOException("writing the output failed: " + f, f);
        }
        if (writer != null && !writer.isAlive() && !stopped) {
            throw new IOException("the output's writer thread ended unexpectedly");
        }
    }

    /**
     * A free aligned buffer: a new one while fewer than {@link #buffers} exist, else the next one
     * the writer is done with. Never waits for a writer that failed or stopped.
     */
    private ByteBuffer takeBuffer() throws IOException {
        synchronized (free) {
            if (free.isEmpty() && allocated < buffers) {
                ByteBuffer b = ByteBuffer.allocateDirect(maxChunk + alignment).alignedSlice(alignment);
                allocated++; // counted once it exists: a failed allocation leaves no phantom buffer to wait for
                return b;
            }
        }
        try {
            while (true) {
                ByteBuffer b = free.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (b != null) {
                    return b;
                }
                throwIfFailed();
                if (stopped) {
                    throw new IllegalStateException("chunk written after the writer was finished");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the disk");
        }
    }

    /** One worker's writer; not thread-safe. */
    public final class Lane {
        private Lane() {}

        /** Writes {@code data[0, len)} at {@code position} of the output (queued when direct). */
        public void write(byte[] data, int len, long position) throws IOException {
            throwIfFailed();
            if (stopped) {
                throw new IllegalStateException("chunk written after the writer was finished");
            }
            int head = 0;
            if (direct != null && position % alignment == 0 && len <= maxChunk) {
                head = len / alignment * alignment;
                if (head > 0) {
                    ByteBuffer b = takeBuffer();
                    b.clear();
                    b.put(data, 0, head).flip();
                    queue.add(new Pending(b, position));
                }
            }
            if (head < len) {
                ByteBuffer rest = ByteBuffer.wrap(data, head, len - head);
                while (rest.hasRemaining()) {
                    buffered.write(rest, position + rest.position());
                }
            }
        }
    }
}
