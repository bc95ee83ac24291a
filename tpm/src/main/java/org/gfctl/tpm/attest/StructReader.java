package org.gfctl.tpm.attest;

import java.util.Arrays;

/**
 * A bounds-checked big-endian reader over a marshalled TPM structure (TPM 2.0 Part 1 §18.3).
 *
 * <p>Every read checks the remaining length first and every sized buffer checks its declared size
 * against a structure maximum, so no allocation exceeds the input and nothing throws but
 * {@link AttestParseException}.
 */
final class StructReader {
    private final String structure;
    private final byte[] in;
    private int pos;

    StructReader(String structure, byte[] in) {
        this.structure = structure;
        this.in = in;
    }

    int position() {
        return pos;
    }

    int u8(String field) {
        need(1, field);
        return in[pos++] & 0xff;
    }

    int u16(String field) {
        need(2, field);
        int v = ((in[pos] & 0xff) << 8) | (in[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    long u32(String field) {
        need(4, field);
        long v = ((long) (in[pos] & 0xff) << 24) | ((in[pos + 1] & 0xff) << 16) | ((in[pos + 2] & 0xff) << 8)
                | (in[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long u64(String field) {
        long hi = u32(field);
        long lo = u32(field);
        return (hi << 32) | lo;
    }

    byte[] bytes(int n, String field) {
        need(n, field);
        byte[] b = Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    /** A TPM2B: UINT16 size, then that many bytes, at most {@code max}. */
    byte[] sized(String field, int max) {
        int at = pos;
        int size = u16(field + ".size");
        if (size > max) {
            throw fail(at, field + ".size is " + size + ", the maximum is " + max);
        }
        return bytes(size, field);
    }

    void end() {
        if (pos != in.length) {
            throw fail(pos, (in.length - pos) + " trailing bytes after the structure");
        }
    }

    AttestParseException fail(int at, String problem) {
        return new AttestParseException(structure, at, problem);
    }

    private void need(int n, String field) {
        if (n > in.length - pos) {
            throw fail(pos, "truncated in " + field + ": needs " + n + " bytes, " + (in.length - pos) + " left");
        }
    }
}
