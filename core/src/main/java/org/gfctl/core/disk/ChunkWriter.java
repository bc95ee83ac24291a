package org.gfctl.core.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positional writes of engine chunks to an {@link AtomicOutput}, through {@code O_DIRECT} when
 * the output's file system takes it.
 *
 * <p>Direct writes go from one aligned buffer per worker straight to the device: no page-cache
 * page is allocated, dirtied and written back later, and nothing is left for the final fsync
 * but the device cache. On this project's VM a buffered 2 GiB write + fsync took 19–20 s of
 * which 8 s in the kernel, the same write with {@code O_DIRECT} 2.9–3.6 s ({@code dd},
 * bench notes in docs/design.md "Disk engine"). A write whose position or length is not a
 * multiple of the file system's block size (only an image's last, partial chunk) goes through
 * the buffered channel, as does everything when {@code O_DIRECT} is refused; then
 * {@link WriteBehind} flushes in the background instead. Each worker writes through its own
 * {@link Lane}.
 */
public final class ChunkWriter {
    private final FileChannel buffered;
    private final FileChannel direct;
    private final int alignment;
    private final int maxChunk;

    ChunkWriter(FileChannel buffered, FileChannel direct, int alignment, int maxChunk) {
        this.buffered = buffered;
        this.direct = direct;
        this.alignment = alignment;
        this.maxChunk = maxChunk;
    }

    /** Whether writes bypass the page cache. */
    public boolean direct() {
        return direct != null;
    }

    /** A lane for one worker thread: its own aligned buffer when writing direct. */
    public Lane lane() {
        return new Lane();
    }

    /** One worker's writer; not thread-safe. */
    public final class Lane {
        private final ByteBuffer aligned;

        private Lane() {
            aligned = direct == null ? null : ByteBuffer.allocateDirect(maxChunk + alignment).alignedSlice(alignment);
        }

        /** Writes {@code data[0, len)} at {@code position} of the output. */
        public void write(byte[] data, int len, long position) throws IOException {
            int head = 0;
            if (aligned != null && position % alignment == 0 && len <= aligned.capacity()) {
                head = len / alignment * alignment;
                if (head > 0) {
                    aligned.clear();
                    aligned.put(data, 0, head).flip();
                    while (aligned.hasRemaining()) {
                        direct.write(aligned, position + aligned.position());
                    }
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
