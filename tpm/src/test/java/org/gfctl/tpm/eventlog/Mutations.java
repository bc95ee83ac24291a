package org.gfctl.tpm.eventlog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/** Random corruptions of a valid log: bit flips, truncation, insertion, corrupted length fields. */
final class Mutations {
    private static final int[] EXTREME = {0, 1, -1, 0x7FFFFFFF, 0x80000000, 0xFFFF, 0x10000, 20, 32};

    private Mutations() {}

    static byte[] mutate(byte[] valid, Random random) {
        byte[] log = valid.clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds && log.length > 0; r++) {
            log = switch (random.nextInt(5)) {
                case 0 -> flipBit(log, random);
                case 1 -> Arrays.copyOf(log, random.nextInt(log.length));
                case 2 -> insert(log, random);
                case 3 -> corruptWord(log, random);
                default -> corruptWordNear(log, random);
            };
        }
        return log;
    }

    private static byte[] flipBit(byte[] log, Random random) {
        int i = random.nextInt(log.length);
        log[i] ^= (byte) (1 << random.nextInt(8));
        return log;
    }

    private static byte[] insert(byte[] log, Random random) {
        int at = random.nextInt(log.length + 1);
        byte[] extra = new byte[1 + random.nextInt(8)];
        random.nextBytes(extra);
        byte[] out = new byte[log.length + extra.length];
        System.arraycopy(log, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(log, at, out, at + extra.length, log.length - at);
        return out;
    }

    /** Overwrites an aligned-anywhere 32-bit word with an extreme or random value. */
    private static byte[] corruptWord(byte[] log, Random random) {
        if (log.length < 4) {
            return log;
        }
        int at = random.nextInt(log.length - 3);
        int value = random.nextBoolean() ? EXTREME[random.nextInt(EXTREME.length)] : random.nextInt();
        ByteBuffer.wrap(log).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return log;
    }

    /** Corrupts a word in the first 100 bytes, where the Spec ID event's counts and sizes are. */
    private static byte[] corruptWordNear(byte[] log, Random random) {
        if (log.length < 4) {
            return log;
        }
        int at = random.nextInt(Math.min(100, log.length - 3));
        ByteBuffer.wrap(log).order(ByteOrder.LITTLE_ENDIAN).putInt(at, EXTREME[random.nextInt(EXTREME.length)]);
        return log;
    }
}
