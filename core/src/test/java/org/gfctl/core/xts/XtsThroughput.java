package org.gfctl.core.xts;

import java.util.SplittableRandom;
import org.gfctl.core.secret.Secret;

/**
 * Measures single-thread XTS-AES-256 throughput over a large buffer (not a unit test).
 *
 * <p>Run: {@code java -cp core/target/classes:core/target/test-classes org.gfctl.core.xts.XtsThroughput [MiB]};
 * the first rounds warm up the JIT, the best of the rest is reported.
 */
public final class XtsThroughput {
    private XtsThroughput() {}

    public static void main(String[] args) {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        byte[] buf = new byte[mib << 20];
        new SplittableRandom(1).nextBytes(buf);
        int chunk = 1 << 20;
        try (Secret key = Secret.random(64); XtsEncryptor enc = XtsEncryptor.create(key); XtsDecryptor dec = XtsDecryptor.create(key)) {
            double bestEnc = 0;
            double bestDec = 0;
            for (int round = 0; round < 6; round++) {
                long t0 = System.nanoTime();
                for (int off = 0; off < buf.length; off += chunk) {
                    enc.encrypt(off / 512, buf, off, chunk);
                }
                long t1 = System.nanoTime();
                for (int off = 0; off < buf.length; off += chunk) {
                    dec.decrypt(off / 512, buf, off, chunk);
                }
                long t2 = System.nanoTime();
                double e = buf.length / ((t1 - t0) / 1e9) / 1e9;
                double d = buf.length / ((t2 - t1) / 1e9) / 1e9;
                System.out.printf("round %d: encrypt %.2f GB/s, decrypt %.2f GB/s%n", round, e, d);
                if (round >= 2) {
                    bestEnc = Math.max(bestEnc, e);
                    bestDec = Math.max(bestDec, d);
                }
            }
            System.out.printf("%s %s: best encrypt %.2f GB/s, decrypt %.2f GB/s over %d MiB%n",
                    System.getProperty("java.vm.name"), System.getProperty("java.version"), bestEnc, bestDec, mib);
        }
    }
}
