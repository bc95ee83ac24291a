package org.gfctl.tpm.eventlog.internal;

import java.util.Arrays;
import org.gfctl.tpm.eventlog.EventLogParseException;

/**
 * A bounds-checked little-endian cursor over a byte array whose every failure is an
 * {@link EventLogParseException} naming the absolute offset.
 *
 * <p>Every length read from the input is checked against the bytes that remain before anything
 * is allocated, so a corrupted length can never cause a huge allocation (TCG PC Client PFP §10.2
 * structures are all little-endian).
 */
public final class LittleEndianReader {
    private final byte[] buf;
    private final int end;
    private final long base;
    private int pos;

    private LittleEndianReader(byte[] buf, int start, int end, long base) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
        this.base = base;
    }

    /** A reader over all of {@code data}, whose offsets are reported relative to {@code base}. */
    public static LittleEndianReader of(byte[] data, long base) {
        return new LittleEndianReader(data, 0, data.length, base);
    }

    /** The absolute offset of the next byte to read. */
    public long offset() {
        return base + pos;
    }

    public int remaining() {
        return end - pos;
    }

    /** Whether every remaining byte equals {@code value}. */
    public boolean restIs(byte value) {
        for (int i = pos; i < end; i++) {
            if (buf[i] != value) {
                return false;
            }
        }
        return true;
    }

    public int u8(String what) {
        need(1, what);
        return buf[pos++] & 0xff;
    }

    public int u16(String what) {
        need(2, what);
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    /** An unsigned 32-bit value, as a long so that values past 2^31 stay positive. */
    public long u32(String what) {
        need(4, what);
        long v = (buf[pos] & 0xffL) | (buf[pos + 1] & 0xffL) << 8 | (buf[pos + 2] & 0xffL) << 16
                | (buf[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    /** An unsigned 64-bit value; values that do not fit a signed long are reported as malformed. */
    public long u64(String what) {
        long low = u32(what);
        long high = u32(what);
        if (high < 0 || high > 0x7fffffffL) {
            throw fail(offset() - 8, what + " is larger than 2^63");
        }
        return high << 32 | low;
    }

    /** {@code length} bytes; the length is checked against what remains before allocating. */
    public byte[] bytes(long length, String what) {
        if (length < 0 || length > remaining()) {
            throw fail(offset(), what + " of " + length + " bytes exceeds the " + remaining()
                    + " bytes that remain");
        }
        byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) length);
        pos += (int) length;
        return out;
    }

    /** An exception at an absolute {@code offset}. */
    public EventLogParseException fail(long offset, String message) {
        return new EventLogParseException(offset, message);
    }

    private void need(int n, String what) {
        if (remaining() < n) {
            throw fail(offset(), "truncated: " + what + " needs " + n + " bytes, " + remaining() + " remain");
        }
    }
}
