package org.gfctl.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * Deterministic raw disk images for tests and benchmarks: the same size, layout and seed always
 * give the same bytes.
 *
 * <p>A {@link Layout#MIXED} image is cut into 1 MiB extents, each random data, written zeros, or
 * a hole (never written, so the file is sparse), in proportions 2:1:1 chosen by the seed — the
 * mix a real VM disk has, and the cases a streaming engine must get right.
 */
public final class DiskImages {
    public static final int EXTENT = 1 << 20;

    /** How an image's extents are filled. */
    public enum Layout { RANDOM, ZERO, MIXED }

    private DiskImages() {}

    /** Writes a raw image of {@code size} bytes (a multiple of 512) to {@code file}. */
    public static Path generate(Path file, long size, Layout layout, long seed) throws IOException {
        if (size <= 0 || size % 512 != 0) {
            throw new IllegalArgumentException("image size must be a positive multiple of 512, not " + size);
        }
        SplittableRandom layoutRandom = new SplittableRandom(seed);
        SplittableRandom data = new SplittableRandom(seed ^ 0x5DEECE66DL);
        ByteBuffer buf = ByteBuffer.allocateDirect(EXTENT).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer zeros = ByteBuffer.allocateDirect(EXTENT);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long pos = 0; pos < size; pos += EXTENT) {
                int len = (int) Math.min(EXTENT, size - pos);
                int kind = switch (layout) {
                    case RANDOM -> 0;
                    case ZERO -> 1;
                    case MIXED -> new int[] {0, 0, 1, 2}[layoutRandom.nextInt(4)];
                };
                if (kind == 0) {
                    buf.clear();
                    while (buf.remaining() >= 8) {
                        buf.putLong(data.nextLong());
                    }
                    buf.flip().limit(len);
                    write(ch, buf, pos);
                } else if (kind == 1) {
                    zeros.clear().limit(len);
                    write(ch, zeros, pos);
                }
            }
            if (ch.size() < size) {
                write(ch, ByteBuffer.wrap(new byte[1]), size - 1);
            }
        }
        return file;
    }

    /**
     * Command-line entry for benchmarks: {@code DiskImages OUT SIZE[K|M|G] RANDOM|ZERO|MIXED SEED}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: DiskImages OUT SIZE[K|M|G] RANDOM|ZERO|MIXED SEED");
            System.exit(2);
        }
        String s = args[1].toUpperCase(java.util.Locale.ROOT);
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1L;
        };
        long size = Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
        generate(Path.of(args[0]), size, Layout.valueOf(args[2].toUpperCase(java.util.Locale.ROOT)), Long.parseLong(args[3]));
    }

    private static void write(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }
}
