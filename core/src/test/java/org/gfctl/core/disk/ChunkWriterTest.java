package org.gfctl.core.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkWriterTest {
    private static final int CHUNK = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void chunksOutOfOrder_andAPartialLastChunk_landWhereTheyBelong() throws Exception {
        // 5 whole chunks after a 2 MiB header, then 3 sectors: the tail is not a multiple of the
        // file system block and goes through the buffered channel
        byte[] header = new byte[2 * CHUNK];
        byte[] payload = new byte[5 * CHUNK + 3 * 512];
        SplittableRandom random = new SplittableRandom(5);
        random.nextBytes(header);
        random.nextBytes(payload);
        Path target = dir.resolve("out.img");
        boolean direct;
        try (AtomicOutput out = AtomicOutput.create(target, false)) {
            ChunkWriter writer = out.chunkWriter(CHUNK);
            direct = writer.direct();
            ChunkWriter.Lane a = writer.lane();
            ChunkWriter.Lane b = writer.lane();
            a.write(header, header.length, 0);
            int[] order = {5, 2, 0, 4, 1, 3};
            for (int i = 0; i < order.length; i++) {
                int c = order[i];
                int len = Math.min(CHUNK, payload.length - c * CHUNK);
                byte[] buf = new byte[CHUNK];
                System.arraycopy(payload, c * CHUNK, buf, 0, len);
                (i % 2 == 0 ? a : b).write(buf, len, header.length + (long) c * CHUNK);
            }
            out.commit();
        }
        byte[] all = Files.readAllBytes(target);
        assertThat(all).hasSize(header.length + payload.length);
        assertThat(java.util.Arrays.copyOfRange(all, 0, header.length)).isEqualTo(header);
        assertThat(java.util.Arrays.copyOfRange(all, header.length, all.length)).isEqualTo(payload);
        String fs = Files.getFileStore(dir).type();
        if (Set.of("ext4", "xfs", "btrfs", "tmpfs").contains(fs)) {
            assertThat(direct).as("O_DIRECT on %s", fs).isTrue();
        }
    }

    /**
     * Chunks are written by the writer thread after {@code write} returns; {@code finish} waits for
     * them, so what the caller writes afterwards over the same bytes (unshield's last byte, which
     * sets a sparse output's size) is what stays.
     */
    @Test
    void finish_waitsForQueuedChunks_soALaterWriteOverThemStays() throws Exception {
        for (int trial = 0; trial < 20; trial++) {
            Path target = dir.resolve("out-" + trial + ".img");
            byte[] chunk = new byte[CHUNK];
            new SplittableRandom(trial).nextBytes(chunk);
            chunk[CHUNK - 1] = 7;
            try (AtomicOutput out = AtomicOutput.create(target, false)) {
                ChunkWriter writer = out.chunkWriter(CHUNK);
                ChunkWriter.Lane lane = writer.lane();
                for (int c = 0; c < 8; c++) {
                    lane.write(chunk, CHUNK, (long) c * CHUNK);
                }
                writer.finish();
                assertThat(out.channel().size()).isEqualTo(8L * CHUNK);
                out.channel().write(java.nio.ByteBuffer.wrap(new byte[] {42}), 8L * CHUNK - 1);
                out.commit();
            }
            byte[] all = Files.readAllBytes(target);
            assertThat(all[all.length - 1]).as("trial %d", trial).isEqualTo((byte) 42);
            assertThat(all[CHUNK - 1]).isEqualTo((byte) 7);
        }
    }

    /**
     * A failed direct write fails the writer: the next chunk and {@code finish} throw it, with its
     * own type (what DiskErrors words for the user), and no worker waits for a buffer forever.
     */
    @Test
    void aFailedWrite_failsLaterChunksAndFinish_withItsOwnException() throws Exception {
        Path file = dir.resolve("closed.img");
        java.nio.channels.FileChannel closed = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        closed.close();
        try (java.nio.channels.FileChannel buffered = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            ChunkWriter writer = new ChunkWriter(buffered, closed, 4096, CHUNK, "test");
            ChunkWriter.Lane lane = writer.lane();
            byte[] chunk = new byte[CHUNK];
            java.util.concurrent.Future<?> many = java.util.concurrent.Executors.newSingleThreadExecutor().submit(() -> {
                for (int c = 0; c < 64; c++) { // more chunks than buffers: ends by throwing, never hangs
                    lane.write(chunk, CHUNK, (long) c * CHUNK);
                }
                return null;
            });
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> many.get(30, java.util.concurrent.TimeUnit.SECONDS)))
                    .hasCauseInstanceOf(java.nio.channels.ClosedChannelException.class);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(writer::finish))
                    .isInstanceOf(java.nio.channels.ClosedChannelException.class);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> lane.write(chunk, CHUNK, 0)))
                    .isInstanceOf(java.nio.channels.ClosedChannelException.class);
        }
    }

    /** Anything else that stops a write (here a channel not open for writing) fails the output the same way. */
    @Test
    void aWriteStoppedByARuntimeException_failsFinish() throws Exception {
        Path file = dir.resolve("readonly.img");
        Files.write(file, new byte[0]);
        try (java.nio.channels.FileChannel readOnly = java.nio.channels.FileChannel.open(file);
                java.nio.channels.FileChannel buffered = java.nio.channels.FileChannel.open(file,
                        java.nio.file.StandardOpenOption.WRITE)) {
            ChunkWriter writer = new ChunkWriter(buffered, readOnly, 4096, CHUNK, "test");
            writer.lane().write(new byte[CHUNK], CHUNK, 0);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(writer::finish))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("NonWritableChannelException");
        }
    }
}
