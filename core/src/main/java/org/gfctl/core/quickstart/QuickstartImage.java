package org.gfctl.core.quickstart;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/** A demo disk image: 1 MiB extents of pseudo-random data, with every fourth extent left as a hole. */
final class QuickstartImage {

    private QuickstartImage() {}

    static Path generate(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(2026);
        ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long pos = 0, i = 0; pos < size; pos += buf.capacity(), i++) {
                if (i % 4 == 3) {
                    continue;
                }
                buf.clear();
                while (buf.hasRemaining()) {
                    buf.putLong(random.nextLong());
                }
                buf.flip().limit((int) Math.min(buf.capacity(), size - pos));
                while (buf.hasRemaining()) {
                    ch.write(buf, pos + buf.position());
                }
            }
            if (ch.size() < size) {
                ch.write(ByteBuffer.wrap(new byte[1]), size - 1);
            }
        }
        return file;
    }
}
