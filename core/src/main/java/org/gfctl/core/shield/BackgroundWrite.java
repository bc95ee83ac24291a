package org.gfctl.core.shield;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One positional write and fsync at a time on a thread of its own, so that the caller computes
 * the next batch meanwhile ({@link InPlaceReencryption}). The caller still decides the order of
 * everything durable: it {@linkplain #await() waits} for a write before it records it anywhere.
 */
final class BackgroundWrite implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gfctl-batch-writer");
        t.setDaemon(true);
        return t;
    });
    private Future<?> pending;

    /** Starts writing {@code data[0, len)} at {@code position} of {@code out}, then fsync; one write at a time. */
    void start(FileChannel out, byte[] data, int len, long position) {
        if (pending != null) {
            throw new IllegalStateException("the previous write was not awaited");
        }
        pending = thread.submit(() -> {
            ShieldService.write(out, data, len, position);
            out.force(false);
            return null;
        });
    }

    /** Waits until the pending write (if any) is on the disk, or throws what it threw. */
    void await() throws IOException, InterruptedException {
        Future<?> f = pending;
        pending = null;
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Lets a pending write finish (its outcome no longer matters: the caller is failing) and stops the thread. */
    @Override
    public void close() {
        try {
            if (pending != null) {
                pending.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the caller is already failing with the error that made it close early; a batch
            // whose write failed was never recorded as done, so a rerun rewrites it
        } finally {
            pending = null;
            thread.shutdown();
        }
    }
}
