package org.gfctl.core.disk;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.internal.Threads;
import org.gfctl.core.disk.internal.Unmapper;

/**
 * The streaming disk engine: a region of an input file, mapped in windows, cut into chunks and
 * processed by a pool of worker threads.
 *
 * <p>Each worker claims the next window (a run of consecutive chunks), maps it read-only, runs its
 * {@link ChunkTask} on each chunk (which copies the chunk into the worker's buffer, or reads the
 * window itself, and writes its result positionally), and unmaps the window. Memory is therefore
 * bounded by {@code threads × (window + chunk)} whatever the image size (DESIGN.md "Disk engine"). The first failure stops all workers
 * and is rethrown; progress is reported from the calling thread.
 */
public final class ChunkEngine {
    /** Chunks per mapped window. */
    static final int CHUNKS_PER_WINDOW = 16;
    /** How often the calling thread reports progress and runs the caller's watch. */
    static final long WATCH_MS = 100;
    private final int chunkSize;
    private final int threads;

    private ChunkEngine(int chunkSize, int threads) {
        this.chunkSize = chunkSize;
        this.threads = threads;
    }

    /**
     * An engine with {@code chunkSize} bytes per chunk (a multiple of 512) and {@code threads}
     * workers (0: one per available core).
     */
    public static ChunkEngine create(int chunkSize, int threads) {
        if (chunkSize <= 0 || chunkSize % 512 != 0) {
            throw new IllegalArgumentException("chunk size must be a positive multiple of 512, not " + chunkSize);
        }
        if (threads < 0 || threads > 1024) {
            throw new GfctlException(ExitCode.USAGE, "--threads must be between 1 and 1024 (or 0: one per core), not " + threads);
        }
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        return new ChunkEngine(chunkSize, n);
    }

    public int threads() {
        return threads;
    }

    /** Number of chunks that cover {@code length} bytes. */
    public long chunkCount(long length) {
        return (length + chunkSize - 1) / chunkSize;
    }

    /**
     * Runs {@code factory}'s tasks over {@code [start, start+length)} of {@code in}.
     *
     * @throws Exception the first failure of any task, after all workers stopped
     */
    public void run(FileChannel in, long start, long length, ChunkTaskFactory factory, Progress progress)
            throws Exception {
        run(in, start, length, factory, progress, () -> { });
    }

    /**
     * {@link #run(FileChannel, long, long, ChunkTaskFactory, Progress)} that also runs {@code watch}
     * on the calling thread about every {@value #WATCH_MS} ms: work the caller does alongside (loading
     * a key) can stop the pass early by throwing, and that exception is rethrown once all workers
     * stopped.
     */
    public void run(FileChannel in, long start, long length, ChunkTaskFactory factory, Progress progress,
            Runnable watch) throws Exception {
        long window = (long) chunkSize * CHUNKS_PER_WINDOW;
        long windows = (length + window - 1) / window;
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, Math.max(1, windows)); t++) {
            Thread w = new Thread(() -> {
                long[] read = {start, start}; // the window read last: where a late fault came from
                try {
                    ChunkTask task = factory.newTask();
                    byte[] buf = new byte[chunkSize];
                    long wi;
                    while (failure.get() == null && (wi = next.getAndIncrement()) < windows) {
                        long winStart = wi * window;
                        long winLen = Math.min(window, length - winStart);
                        read[0] = start + winStart;
                        read[1] = start + winStart + winLen;
                        processWindow(in, start + winStart, winStart, winLen, task, buf, done);
                    }
                } catch (InternalError e) {
                    // a fault in compiled code is raised a little later than the read, maybe in the next window
                    failure.compareAndSet(null, isFault(e) ? inputChanged(e, read[0], read[1]) : e);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "gfctl-worker-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        try {
            for (Thread w : workers) {
                while (w.isAlive()) {
                    w.join(WATCH_MS);
                    watch.run();
                    progress.update(done.get(), length);
                }
            }
            watch.run();
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e);
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        }
        if (failure.get() == null) {
            // a fault past the new end may never be raised at all (the JVM skips the faulting read):
            // the file's size now says whether it shrank under the pass
            long size = in.size();
            if (size < start + length) {
                failure.compareAndSet(null, new IOException("the input changed while being read: it is now " + size
                        + " bytes, the pass read up to offset " + (start + length)));
            }
        }
        Throwable f = failure.get();
        if (f != null) {
            // even when interrupted: the caller closes the keys and the output once this returns
            Threads.joinUninterruptibly(workers);
            if (f instanceof Exception e) {
                throw e;
            }
            if (f instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(f);
        }
        progress.update(length, length);
    }

    /**
     * The I/O error for a {@linkplain #isFault fault} reading the mapped input between {@code from}
     * and {@code to}: the file shrank under the engine, or the device failed to return a page (the
     * kernel signals both the same way to a mapped read).
     */
    private static IOException inputChanged(InternalError fault, long from, long to) {
        return new IOException("the input changed while being read (truncated between offsets " + from + " and "
                + to + "?), or the disk failed to read it there (see the kernel log: dmesg)", fault);
    }

    /** Whether {@code e} is how the JVM raises a page fault of a mapped read past the file's end. */
    private static boolean isFault(InternalError e) {
        return String.valueOf(e.getMessage()).contains("fault occurred");
    }

    private void processWindow(FileChannel in, long fileOffset, long regionOffset, long len, ChunkTask task,
            byte[] buf, AtomicLong done) throws Exception {
        MappedByteBuffer map = in.map(FileChannel.MapMode.READ_ONLY, fileOffset, len);
        try {
            for (long off = 0; off < len; off += chunkSize) {
                int n = (int) Math.min(chunkSize, len - off);
                long regionOff = regionOffset + off;
                try {
                    task.processMapped(regionOff / chunkSize, regionOff, map, (int) off, buf, n);
                } catch (InternalError e) {
                    if (!isFault(e)) {
                        throw e;
                    }
                    throw inputChanged(e, fileOffset + off, fileOffset + off + n);
                }
                done.addAndGet(n);
            }
        } finally {
            Unmapper.unmap(map);
        }
    }
}
