package org.gfctl.core.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An input cut short while the engine reads it (another process truncating the image) stops the
 * pass with an I/O error that says so, whether the task copies its chunk (the default) or reads
 * the mapped window itself (shield-vm): reading a mapped page past the new end faults.
 */
class ChunkEngineTruncationTest {
    private static final int CHUNK = 1 << 20;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void inputTruncatedDuringThePass_isAnIoErrorNamingIt(boolean readsWindow) throws Exception {
        Path image = dir.resolve("in.raw");
        Files.write(image, new byte[4 * ChunkEngine.CHUNKS_PER_WINDOW * CHUNK]);
        AtomicBoolean cut = new AtomicBoolean();
        Throwable failure;
        try (FileChannel in = FileChannel.open(image); FileChannel shrink = FileChannel.open(image, StandardOpenOption.WRITE)) {
            failure = catchThrowable(() -> ChunkEngine.create(CHUNK, 1).run(in, 0, in.size(), () -> new ChunkTask() {
                @Override
                public void process(long index, long offset, byte[] buf, int len) throws IOException {
                    truncateOnce();
                }

                @Override
                public void processMapped(long index, long offset, ByteBuffer window, int at, byte[] buf, int len)
                        throws Exception {
                    if (!readsWindow) {
                        ChunkTask.super.processMapped(index, offset, window, at, buf, len);
                        return;
                    }
                    long sum = 0;
                    for (int i = 0; i < len; i += 4096) {
                        sum += window.getLong(at + i);
                    }
                    buf[0] = (byte) sum;
                    truncateOnce();
                }

                private void truncateOnce() throws IOException {
                    if (cut.compareAndSet(false, true)) {
                        shrink.truncate(CHUNK);
                    }
                }
            }, Progress.NONE));
        }
        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("the input changed while being read");
    }

    /**
     * A file that shrank where no read faulted (here after its last chunk was read; in compiled code
     * a fault may also never be raised) is caught by its size once the pass ends.
     */
    @org.junit.jupiter.api.Test
    void inputShrunkWithoutAFault_isCaughtByItsSizeAfterThePass() throws Exception {
        Path image = dir.resolve("in2.raw");
        Files.write(image, new byte[2 * CHUNK]);
        Throwable failure;
        try (FileChannel in = FileChannel.open(image); FileChannel shrink = FileChannel.open(image, StandardOpenOption.WRITE)) {
            failure = catchThrowable(() -> ChunkEngine.create(CHUNK, 1).run(in, 0, in.size(), () -> (index, offset, buf, len) -> {
                if (index == 1) {
                    shrink.truncate(CHUNK);
                }
            }, Progress.NONE));
        }
        assertThat(failure).isInstanceOf(IOException.class)
                .hasMessage("the input changed while being read: it is now " + CHUNK + " bytes, the pass read up to offset "
                        + 2 * CHUNK);
    }
}
