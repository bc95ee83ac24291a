package org.gfctl.core.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputWriteBehindTest {
    @TempDir
    Path dir;

    @Test
    void writeBehind_commitsEveryByte_andStopsItsThread() throws Exception {
        byte[] data = new byte[8 << 20];
        new SplittableRandom(3).nextBytes(data);
        Path target = dir.resolve("image");
        try (AtomicOutput out = AtomicOutput.create(target, false)) {
            out.writeBehind();
            for (int off = 0; off < data.length; off += 1 << 20) {
                out.channel().write(ByteBuffer.wrap(data, off, 1 << 20), off);
                Thread.sleep(WriteBehind.PERIOD_MS / 4);
            }
            out.commit();
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
        assertThat(writeBackThreads()).isZero();
    }

    @Test
    void writeBehind_closedWithoutCommit_leavesNothing_andStopsItsThread() throws Exception {
        Path target = dir.resolve("image");
        try (AtomicOutput out = AtomicOutput.create(target, false)) {
            out.writeBehind();
            out.channel().write(ByteBuffer.wrap(new byte[1 << 20]), 0);
            Thread.sleep(WriteBehind.PERIOD_MS * 2);
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        assertThat(writeBackThreads()).isZero();
    }

    private static long writeBackThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("gfctl-writeback-") && t.isAlive()).count();
    }
}
