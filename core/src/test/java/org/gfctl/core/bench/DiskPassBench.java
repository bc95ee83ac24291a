package org.gfctl.core.bench;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gfctl.core.disk.AtomicOutput;
import org.gfctl.core.disk.ChunkEngine;
import org.gfctl.core.disk.ChunkWriter;
import org.gfctl.core.keyprotector.IntegrityManifest;
import org.gfctl.core.manifest.LeafHasher;
import org.gfctl.core.secret.Secret;
import org.gfctl.core.xts.XtsEncryptor;

/**
 * Where shield-vm's disk pass spends its time: the pass {@code ShieldService} runs (the streaming
 * engine's windows, XTS-AES-256, a SHA-256 leaf per 1 MiB chunk, positional writes through
 * {@link ChunkWriter}, fsync and rename), and the same pass with either half taken out.
 *
 * <ul>
 *   <li>{@code cpu}: read, encrypt and hash every chunk, write nothing: the compute floor;
 *   <li>{@code io}: read and write every chunk unchanged, then fsync: the I/O floor;
 *   <li>{@code full}: both, as shield-vm does (without the LUKS header and key protector);
 *   <li>{@code read}: only the engine's reads of the input (mapped windows copied to each worker's buffer).
 * </ul>
 *
 * <p>{@code java DiskPassBench MODE IMAGE OUT [THREADS]} prints one {@code RESULT} line with the
 * pass's seconds; {@code bench/disk-pass.sh} runs the modes alternately in fresh JVMs and prints
 * medians beside {@code dd oflag=direct} and {@code openssl speed} for the same machine.
 * A full pass can never be faster than the slower of the two floors; how far above it it lands
 * shows how well the engine overlaps the disk with the cipher and the digest.
 */
public final class DiskPassBench {
    private DiskPassBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: DiskPassBench cpu|io|full|read IMAGE OUT [THREADS]");
            System.exit(2);
        }
        String mode = args[0];
        boolean compute = mode.equals("cpu") || mode.equals("full");
        boolean write = mode.equals("io") || mode.equals("full");
        Path image = Path.of(args[1]);
        Path out = Path.of(args[2]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Files.deleteIfExists(out);
        int chunk = IntegrityManifest.DEFAULT_CHUNK_SIZE;
        long start = System.nanoTime();
        try (Secret key = Secret.random(64);
                FileChannel in = FileChannel.open(image);
                AtomicOutput output = AtomicOutput.create(out, false)) {
            ChunkWriter writer = output.chunkWriter(chunk);
            ChunkEngine engine = ChunkEngine.create(chunk, threads);
            byte[][] leaves = new byte[(int) engine.chunkCount(in.size())][];
            engine.run(in, 0, in.size(), () -> {
                XtsEncryptor xts = XtsEncryptor.create(key);
                LeafHasher hasher = new LeafHasher();
                ChunkWriter.Lane lane = writer.lane();
                return (index, offset, buf, len) -> {
                    if (compute) {
                        xts.encrypt(offset / 512, buf, 0, len);
                        leaves[(int) index] = hasher.leaf(buf, 0, len);
                    }
                    if (write) {
                        lane.write(buf, len, offset);
                    }
                };
            }, (done, total) -> { });
            if (write) {
                output.commit();
            }
            System.out.printf("RESULT %s %.3f s, %d bytes, %d workers%n", mode, (System.nanoTime() - start) / 1e9,
                    in.size(), engine.threads());
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
