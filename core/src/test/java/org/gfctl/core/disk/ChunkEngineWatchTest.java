package org.gfctl.core.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkEngineWatchTest {
    private static final int CHUNK = 4096;
    private static final int CHUNKS = 2_000;

    @TempDir
    Path dir;

    @Test
    void aFailingWatch_stopsTheWorkersEarly_andIsRethrown() throws Exception {
        Path file = sized(CHUNKS * CHUNK);
        AtomicInteger processed = new AtomicInteger();
        AtomicInteger watched = new AtomicInteger();
        IllegalStateException stop = new IllegalStateException("the key store failed to load");
        ChunkEngine engine = ChunkEngine.create(CHUNK, 2);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            // 2,000 chunks of 10 ms on 2 workers take 10 s; the watch fails on its second call (~0.2 s)
            assertThatThrownBy(() -> engine.run(in, 0, CHUNKS * CHUNK, () -> (index, offset, buf, len) -> {
                Thread.sleep(10);
                processed.incrementAndGet();
            }, Progress.NONE, () -> {
                if (watched.incrementAndGet() == 2) {
                    throw stop;
                }
            })).isSameAs(stop);
        }
        assertThat(processed.get()).isPositive().isLessThan(CHUNKS / 2);
    }

    @Test
    void aPassingWatch_runsAtLeastOnceAfterTheLastChunk() throws Exception {
        Path file = sized(64 * CHUNK);
        AtomicInteger processed = new AtomicInteger();
        int[] seenAtLastWatch = {-1};
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ChunkEngine.create(CHUNK, 2).run(in, 0, 64 * CHUNK, () -> (index, offset, buf, len) ->
                    processed.incrementAndGet(), Progress.NONE, () -> seenAtLastWatch[0] = processed.get());
        }
        assertThat(seenAtLastWatch[0]).isEqualTo(64);
    }

    private Path sized(long bytes) throws Exception {
        Path file = dir.resolve("in-" + bytes);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(bytes);
        }
        return file;
    }
}
