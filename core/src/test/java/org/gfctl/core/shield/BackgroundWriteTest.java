package org.gfctl.core.shield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundWriteTest {
    @TempDir
    Path dir;

    @Test
    void aWrite_isOnTheFileOnceAwaited() throws Exception {
        Path file = Files.write(dir.resolve("image"), new byte[4096]);
        byte[] batch = new byte[1024];
        Arrays.fill(batch, (byte) 7);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE); BackgroundWrite writes = new BackgroundWrite()) {
            writes.start(out, batch, 512, 1024);
            writes.await();
        }
        byte[] back = Files.readAllBytes(file);
        assertThat(Arrays.copyOfRange(back, 1024, 1536)).containsOnly(7);
        assertThat(Arrays.copyOfRange(back, 1536, 2048)).containsOnly(0);
    }

    @Test
    void aWriteThatFailsInTheBackground_isRethrownByAwait_asItsOwnException() throws Exception {
        Path file = Files.write(dir.resolve("image"), new byte[4096]);
        try (BackgroundWrite writes = new BackgroundWrite()) {
            FileChannel closed = FileChannel.open(file, StandardOpenOption.WRITE);
            closed.close();
            writes.start(closed, new byte[512], 512, 0);
            assertThatThrownBy(writes::await).isInstanceOf(ClosedChannelException.class);
            try (FileChannel readOnly = FileChannel.open(file, StandardOpenOption.READ)) {
                writes.start(readOnly, new byte[512], 512, 0);
                assertThatThrownBy(writes::await).isInstanceOf(NonWritableChannelException.class);
            }
            // after a failure the next batch can still be written (a rerun continues from its checkpoint)
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                writes.start(out, new byte[] {1}, 1, 0);
                writes.await();
            }
        }
        assertThat(Files.readAllBytes(file)[0]).isEqualTo((byte) 1);
    }

    @Test
    void aSecondStart_beforeTheFirstIsAwaited_isRefused_andCloseSwallowsAPendingFailure() throws Exception {
        Path file = Files.write(dir.resolve("image"), new byte[4096]);
        BackgroundWrite writes = new BackgroundWrite();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            writes.start(out, new byte[512], 512, 0);
            assertThatThrownBy(() -> writes.start(out, new byte[512], 512, 512)).isInstanceOf(IllegalStateException.class);
            writes.await();
            FileChannel closed = FileChannel.open(file, StandardOpenOption.WRITE);
            closed.close();
            writes.start(closed, new byte[512], 512, 0);
        }
        writes.close(); // the caller is already failing: close waits for the write and does not throw
    }
}
