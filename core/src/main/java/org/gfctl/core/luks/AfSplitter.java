package org.gfctl.core.luks;

import java.util.Arrays;
import org.bouncycastle.crypto.Digest;
import org.gfctl.core.secret.RandomBytes;
import org.gfctl.core.secret.Secret;

/**
 * The LUKS anti-forensic information splitter: spreads a key over {@code stripes} blocks so that
 * losing any one block of the key material destroys the key.
 *
 * <p>LUKS1 On-Disk Format §2.4 (after Fruhwirth's TKS1): every stripe but the last is random; a
 * running block {@code d} is XORed with each stripe and passed through the hash diffuser H1; the
 * last stripe is {@code d xor key}. H1 hashes the block in digest-sized pieces, piece {@code i}
 * prefixed with {@code i} as a big-endian u32, the last piece truncated.
 */
final class AfSplitter {
    private AfSplitter() {}

    /** The {@code key.length() * stripes} bytes of split material for {@code key}. */
    static byte[] split(Secret key, int stripes, LuksHash hash) {
        int size = key.length();
        byte[] material = new byte[size * stripes];
        byte[] d = new byte[size];
        try {
            RandomBytes.fill(material);
            for (int s = 0; s < stripes - 1; s++) {
                xorInto(material, s * size, d);
                diffuse(d, hash);
            }
            byte[] k = key.bytes();
            int last = (stripes - 1) * size;
            for (int i = 0; i < size; i++) {
                material[last + i] = (byte) (d[i] ^ k[i]);
            }
            return material;
        } finally {
            Arrays.fill(d, (byte) 0);
        }
    }

    /** The key of {@code keyBytes} recovered from split {@code material} (the inverse of {@link #split}). */
    static Secret merge(byte[] material, int keyBytes, int stripes, LuksHash hash) {
        if (material.length < keyBytes * stripes) {
            throw new IllegalArgumentException("AF material needs " + keyBytes * stripes + " bytes, has " + material.length);
        }
        byte[] d = new byte[keyBytes];
        for (int s = 0; s < stripes - 1; s++) {
            xorInto(material, s * keyBytes, d);
            diffuse(d, hash);
        }
        xorInto(material, (stripes - 1) * keyBytes, d);
        return Secret.adopt(d);
    }

    private static void xorInto(byte[] src, int off, byte[] d) {
        for (int i = 0; i < d.length; i++) {
            d[i] ^= src[off + i];
        }
    }

    /** H1 of §2.4, in place. */
    static void diffuse(byte[] block, LuksHash hash) {
        Digest digest = hash.newDigest();
        int n = hash.length();
        byte[] out = new byte[n];
        byte[] index = new byte[4];
        for (int i = 0, off = 0; off < block.length; i++, off += n) {
            int len = Math.min(n, block.length - off);
            index[0] = (byte) (i >>> 24);
            index[1] = (byte) (i >>> 16);
            index[2] = (byte) (i >>> 8);
            index[3] = (byte) i;
            digest.update(index, 0, 4);
            digest.update(block, off, len);
            digest.doFinal(out, 0);
            System.arraycopy(out, 0, block, off, len);
        }
        Arrays.fill(out, (byte) 0);
    }
}
