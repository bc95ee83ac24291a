package org.gfctl.core.xts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import org.gfctl.core.secret.Secret;

/**
 * The XTS-AES data path shared by {@link XtsEncryptor} and {@link XtsDecryptor}: batched tweak
 * encryption, the GF(2^128) mask chain, and one ECB call per batch.
 *
 * <p>IEEE 1619-2007 §5.3 defines each block as {@code C = E_K1(P xor T) xor T} with
 * {@code T = E_K2(i) * alpha^j}. Computing the masks with 64-bit arithmetic and handing whole
 * batches to a multi-block AES lets it run on AES-NI with many blocks in flight: Bouncy Castle
 * LTS's native ECB where available, else JCE {@code AES/ECB/NoPadding}, which HotSpot runs on
 * AES-NI one block per call. The direction lives in {@code dataCipher}, chosen by the public
 * type that owns the engine (STYLE.md §3). Not thread-safe: one instance per worker thread.
 *
 * <p>On the JCE path, decryption hands the masked blocks to {@code AES/CBC/NoPadding} in decrypt
 * mode rather than ECB: CBC decryption has no chain dependency, so HotSpot's intrinsic runs several AES-NI blocks in
 * flight (~5 GB/s per core on this project's machine against ~1.5 GB/s for ECB, whose intrinsic
 * is one block per call on CPUs without AVX-512). CBC adds the previous masked block to each
 * output, {@code O_i = D(Y_i) xor Y_(i-1)}; the unmask pass adds it again, so the result is the
 * XTS plaintext {@code D(Y_i) xor T_i}. The cipher's running IV is the last masked block of the
 * previous call, kept in {@link #chain}. Encryption has no such parallel JCE mode (CBC
 * encryption is serial; CTR encrypts counters, not data), so it stays on ECB.
 */
final class XtsEngine {
    static final int SECTOR_SIZE = 512;
    private static final int BLOCK = 16;
    private static final int BATCH_SECTORS = 32;
    private static final int BATCH_BYTES = BATCH_SECTORS * SECTOR_SIZE;
    /** The reduction constant of x^128 + x^7 + x^2 + x + 1 (IEEE 1619-2007 §5.2). */
    private static final long GF_128_FEEDBACK = 0x87L;
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final AesBlocks dataCipher;
    private final AesBlocks tweakCipher;
    /** Decrypting through CBC: the block CBC chains into the next output (its running IV). */
    private final boolean cbc;
    private final byte[] chain = new byte[BLOCK];
    private final byte[] tweakPlain = new byte[BATCH_SECTORS * BLOCK];
    private final byte[] tweaks = new byte[BATCH_SECTORS * BLOCK];
    private final byte[] scratch = new byte[BATCH_BYTES];

    private XtsEngine(AesBlocks dataCipher, AesBlocks tweakCipher) {
        this.dataCipher = dataCipher;
        this.tweakCipher = tweakCipher;
        this.cbc = dataCipher.chained();
    }

    /**
     * An engine keyed with {@code key} = key1 || key2: 64 bytes for XTS-AES-256, 32 for
     * XTS-AES-128; {@code dataMode} is {@link Cipher#ENCRYPT_MODE} or {@link Cipher#DECRYPT_MODE}.
     */
    static XtsEngine create(Secret key, int dataMode, boolean allowNative) {
        Objects.requireNonNull(key, "key");
        byte[] k = key.bytes();
        if (k.length != 32 && k.length != 64) {
            throw new IllegalArgumentException("XTS-AES key must be 32 or 64 bytes (key1 || key2), not " + k.length);
        }
        int half = k.length / 2;
        boolean encrypt = dataMode == Cipher.ENCRYPT_MODE;
        return new XtsEngine(AesBlocks.create(k, 0, half, encrypt, allowNative),
                AesBlocks.create(k, half, half, true, allowNative));
    }

    /** Transforms whole 512-byte sectors in place; sector {@code firstSector} starts at {@code off}. */
    void sectors(long firstSector, byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len % SECTOR_SIZE != 0) {
            throw new IllegalArgumentException("XTS length must be a multiple of 512-byte sectors, not " + len);
        }
        if (firstSector < 0) {
            throw new IllegalArgumentException("sector number must not be negative, not " + firstSector);
        }
        long sector = firstSector;
        for (int done = 0; done < len; ) {
            int n = Math.min(BATCH_BYTES, len - done);
            int units = n / SECTOR_SIZE;
            sectorTweaks(sector, units);
            applyUnits(units, SECTOR_SIZE, buf, off + done);
            done += n;
            sector += units;
        }
    }

    /**
     * Encrypts whole sectors read from {@code src[srcOff, srcOff+len)} into {@code buf[off, off+len)}:
     * {@link #sectors} without first copying the input (a mapped file window) into {@code buf}. The
     * mask pass reads {@code src}; the AES output and the unmask land in {@code buf}. Unchained
     * engines only (encryption); {@code src} is not modified.
     */
    void sectors(long firstSector, java.nio.ByteBuffer src, int srcOff, byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        Objects.checkFromIndexSize(srcOff, len, src.limit());
        if (len % SECTOR_SIZE != 0 || firstSector < 0 || cbc) {
            throw new IllegalArgumentException("XTS from a buffer needs whole sectors, a sector number >= 0 and an unchained engine");
        }
        java.nio.ByteBuffer le = src.order() == ByteOrder.LITTLE_ENDIAN ? src : src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long sector = firstSector;
        for (int done = 0; done < len; ) {
            int n = Math.min(BATCH_BYTES, len - done);
            int units = n / SECTOR_SIZE;
            sectorTweaks(sector, units);
            maskFrom(units, le, srcOff + done, scratch);
            dataCipher.process(scratch, 0, n, buf, off + done);
            unmask(units, SECTOR_SIZE, buf, off + done);
            done += n;
            sector += units;
        }
    }

    /** {@code out[p] = src[at + p] xor T_p}: {@link #mask} reading a little-endian buffer. */
    private void maskFrom(int units, java.nio.ByteBuffer src, int at, byte[] out) {
        for (int u = 0; u < units; u++) {
            long lo = (long) LE_LONG.get(tweaks, u * BLOCK);
            long hi = (long) LE_LONG.get(tweaks, u * BLOCK + 8);
            int end = (u + 1) * SECTOR_SIZE;
            for (int p = u * SECTOR_SIZE; p < end; p += BLOCK) {
                LE_LONG.set(out, p, lo ^ src.getLong(at + p));
                LE_LONG.set(out, p + 8, hi ^ src.getLong(at + p + 8));
                long carry = (hi >> 63) & GF_128_FEEDBACK;
                hi = (hi << 1) | (lo >>> 63);
                lo = (lo << 1) ^ carry;
            }
        }
    }

    /**
     * Transforms one data unit of any whole number of blocks (at most one batch) under the raw
     * 16-byte tweak value {@code i}: the general form that NIST CAVP XTSGen vectors use.
     */
    void dataUnit(byte[] i, byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (i.length != BLOCK || len % BLOCK != 0 || len == 0 || len > BATCH_BYTES) {
            throw new IllegalArgumentException("data unit must be 16..16384 whole blocks with a 16-byte tweak");
        }
        System.arraycopy(i, 0, tweakPlain, 0, BLOCK);
        encryptTweaks(1);
        applyUnits(1, len, buf, off);
    }

    /** The encrypted tweaks of sectors {@code sector .. sector+units-1} (plain64: the number, little-endian) into {@link #tweaks}. */
    private void sectorTweaks(long sector, int units) {
        for (int u = 0; u < units; u++) {
            LE_LONG.set(tweakPlain, u * BLOCK, sector + u);
            LE_LONG.set(tweakPlain, u * BLOCK + 8, 0L);
        }
        encryptTweaks(units);
    }

    private void encryptTweaks(int units) {
        tweakCipher.process(tweakPlain, 0, units * BLOCK, tweaks, 0);
    }

    /**
     * XEX over {@code units} consecutive data units of {@code unitLen} bytes whose encrypted
     * tweaks are in {@link #tweaks}: mask, one AES call over the batch, mask again.
     */
    private void applyUnits(int units, int unitLen, byte[] buf, int off) {
        mask(units, unitLen, buf, off, scratch);
        int n = units * unitLen;
        dataCipher.process(scratch, 0, n, buf, off);
        // the masks are recomputed rather than stored: five register operations per block are
        // cheaper than writing and re-reading a mask buffer
        if (cbc) {
            unmaskChained(units, unitLen, buf, off, n);
            return;
        }
        unmask(units, unitLen, buf, off);
    }

    /**
     * Re-keys whole sectors in place: decrypts with {@code from} and encrypts with {@code to} in
     * three passes over the data instead of four, the unmask of the one and the mask of the other
     * being one pass ({@code buf xor T_from xor T_to}). Both engines must be on the unchained path
     * ({@link #chained()} false); otherwise the caller decrypts and encrypts separately.
     */
    static void rekeySectors(XtsEngine from, XtsEngine to, long firstSector, byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len % SECTOR_SIZE != 0 || firstSector < 0 || from.cbc || to.cbc) {
            throw new IllegalArgumentException("re-keying needs whole sectors, a sector number >= 0 and unchained engines");
        }
        long sector = firstSector;
        for (int done = 0; done < len; ) {
            int n = Math.min(BATCH_BYTES, len - done);
            int units = n / SECTOR_SIZE;
            from.sectorTweaks(sector, units);
            to.tweakCipher.process(from.tweakPlain, 0, units * BLOCK, to.tweaks, 0);
            int at = off + done;
            from.mask(units, SECTOR_SIZE, buf, at, from.scratch);
            from.dataCipher.process(from.scratch, 0, n, buf, at);
            remask(from, to, units, buf, at);
            to.dataCipher.process(to.scratch, 0, n, buf, at);
            to.unmask(units, SECTOR_SIZE, buf, at);
            done += n;
            sector += units;
        }
    }

    /** {@code out[p] = buf[at + p] xor T_p} for the {@code units} data units whose tweaks are in {@link #tweaks}. */
    private void mask(int units, int unitLen, byte[] buf, int at, byte[] out) {
        for (int u = 0; u < units; u++) {
            long lo = (long) LE_LONG.get(tweaks, u * BLOCK);
            long hi = (long) LE_LONG.get(tweaks, u * BLOCK + 8);
            int end = (u + 1) * unitLen;
            for (int p = u * unitLen; p < end; p += BLOCK) {
                LE_LONG.set(out, p, lo ^ (long) LE_LONG.get(buf, at + p));
                LE_LONG.set(out, p + 8, hi ^ (long) LE_LONG.get(buf, at + p + 8));
                long carry = (hi >> 63) & GF_128_FEEDBACK;
                hi = (hi << 1) | (lo >>> 63);
                lo = (lo << 1) ^ carry;
            }
        }
    }

    /** {@code buf[at + p] ^= T_p} in place, for the {@code units} data units whose tweaks are in {@link #tweaks}. */
    private void unmask(int units, int unitLen, byte[] buf, int at) {
        for (int u = 0; u < units; u++) {
            long lo = (long) LE_LONG.get(tweaks, u * BLOCK);
            long hi = (long) LE_LONG.get(tweaks, u * BLOCK + 8);
            int end = at + (u + 1) * unitLen;
            for (int p = at + u * unitLen; p < end; p += BLOCK) {
                LE_LONG.set(buf, p, lo ^ (long) LE_LONG.get(buf, p));
                LE_LONG.set(buf, p + 8, hi ^ (long) LE_LONG.get(buf, p + 8));
                long carry = (hi >> 63) & GF_128_FEEDBACK;
                hi = (hi << 1) | (lo >>> 63);
                lo = (lo << 1) ^ carry;
            }
        }
    }

    /** {@code to.scratch[p] = buf[at + p] xor T_from_p xor T_to_p}: the old key's unmask and the new key's mask at once. */
    private static void remask(XtsEngine from, XtsEngine to, int units, byte[] buf, int at) {
        for (int u = 0; u < units; u++) {
            long lo = (long) LE_LONG.get(from.tweaks, u * BLOCK);
            long hi = (long) LE_LONG.get(from.tweaks, u * BLOCK + 8);
            long lo2 = (long) LE_LONG.get(to.tweaks, u * BLOCK);
            long hi2 = (long) LE_LONG.get(to.tweaks, u * BLOCK + 8);
            int end = (u + 1) * SECTOR_SIZE;
            for (int p = u * SECTOR_SIZE; p < end; p += BLOCK) {
                LE_LONG.set(to.scratch, p, lo ^ lo2 ^ (long) LE_LONG.get(buf, at + p));
                LE_LONG.set(to.scratch, p + 8, hi ^ hi2 ^ (long) LE_LONG.get(buf, at + p + 8));
                long carry = (hi >> 63) & GF_128_FEEDBACK;
                hi = (hi << 1) | (lo >>> 63);
                lo = (lo << 1) ^ carry;
                long carry2 = (hi2 >> 63) & GF_128_FEEDBACK;
                hi2 = (hi2 << 1) | (lo2 >>> 63);
                lo2 = (lo2 << 1) ^ carry2;
            }
        }
    }

    /** Whether decryption here runs through JCE's CBC (see the class comment), which {@link #rekeySectors} cannot fuse. */
    boolean chained() {
        return cbc;
    }

    /** The unmask pass after CBC decryption: also removes the previous masked block CBC added. */
    private void unmaskChained(int units, int unitLen, byte[] buf, int off, int n) {
        long prevLo = (long) LE_LONG.get(chain, 0);
        long prevHi = (long) LE_LONG.get(chain, 8);
        for (int u = 0; u < units; u++) {
            long lo = (long) LE_LONG.get(tweaks, u * BLOCK);
            long hi = (long) LE_LONG.get(tweaks, u * BLOCK + 8);
            int end = (u + 1) * unitLen;
            for (int p = u * unitLen; p < end; p += BLOCK) {
                LE_LONG.set(buf, off + p, lo ^ prevLo ^ (long) LE_LONG.get(buf, off + p));
                LE_LONG.set(buf, off + p + 8, hi ^ prevHi ^ (long) LE_LONG.get(buf, off + p + 8));
                prevLo = (long) LE_LONG.get(scratch, p);
                prevHi = (long) LE_LONG.get(scratch, p + 8);
                long carry = (hi >> 63) & GF_128_FEEDBACK;
                hi = (hi << 1) | (lo >>> 63);
                lo = (lo << 1) ^ carry;
            }
        }
        System.arraycopy(scratch, n - BLOCK, chain, 0, BLOCK);
    }

    /** Zeroes the buffers that held tweaks and masked data; the engine stays usable. */
    void wipe() {
        Arrays.fill(tweakPlain, (byte) 0);
        Arrays.fill(tweaks, (byte) 0);
        Arrays.fill(scratch, (byte) 0);
        // chain stays: it is the CBC cipher's running IV (a masked ciphertext block, not plaintext)
    }
}
