package org.gfctl.core.secret;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomBytesTest {
    @Test
    void fillsEveryByteOfALargeArrayWithFreshBytes() {
        byte[] a = new byte[2_400_000];
        byte[] b = new byte[a.length];
        RandomBytes.fill(a);
        RandomBytes.fill(b);
        assertFalse(Arrays.equals(a, b), "two fills gave the same bytes");
        // a fill that stopped early would leave a zero tail: no 4 KiB run of zeros survives by chance
        for (int off = 0; off < a.length; off += 4096) {
            byte[] page = Arrays.copyOfRange(a, off, Math.min(a.length, off + 4096));
            assertTrue(!Arrays.equals(page, new byte[page.length]), "4 KiB of zeros at offset " + off);
        }
        int[] counts = new int[256];
        for (byte x : a) {
            counts[x & 0xff]++;
        }
        // each value is expected ~9,375 times; a broken source (a constant, a short cycle) is far off
        assertTrue(Arrays.stream(counts).allMatch(c -> c > 8_000 && c < 10_800), "byte values are not uniform");
    }
}
