package org.gfctl.core.disk;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.gfctl.core.internal.Threads;

/**
 * Writes a large output back to disk while it is still being produced, so that the fsync before
 * the atomic rename has little left to do.
 *
 * <p>With gigabytes of RAM the kernel starts background writeback only once dirty pages pass
 * {@code vm.dirty_background_ratio} (10% of memory), so a multi-GiB image would otherwise be
 * computed first and written at the end, serially. A daemon thread calls {@code fdatasync} every
 * {@value #PERIOD_MS} ms instead: the device writes overlap the encryption. It never interrupts
 * a writer (an interrupt would close the channel); {@link #stop()} waits for the flush in flight
 * and reports its failure, which the caller treats like a failed write.
 */
final class WriteBehind {
    static final long PERIOD_MS = 250;
    private final FileChannel channel;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile IOException failure;

    private WriteBehind(FileChannel channel, String name) {
        this.channel = channel;
        this.thread = new Thread(this::run, "gfctl-writeback-" + name);
        thread.setDaemon(true);
    }

    static WriteBehind start(FileChannel channel, String name) {
        WriteBehind w = new WriteBehind(channel, name);
        w.thread.start();
        return w;
    }

    private void run() {
        while (!stopping) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
            if (stopping) {
                return;
            }
            try {
                channel.force(false);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                failure = e;
                return;
            }
        }
    }

    /** Stops flushing; rethrows a write-back failure so that the output is not committed. */
    void stop() throws IOException {
        stopping = true;
        LockSupport.unpark(thread);
        Threads.joinUninterruptibly(List.of(thread));
        if (failure != null) {
            throw new IOException("writing back to disk failed: " + failure.getMessage(), failure);
        }
    }
}
