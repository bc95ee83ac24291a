package org.gfctl.core.audit;

import java.security.MessageDigest;
import java.util.Arrays;
import org.gfctl.core.merkle.MerkleHash;

/**
 * The right frontier of an RFC 6962 Merkle tree: the roots of its perfect subtrees, one per set bit
 * of the tree size, largest first. Appending a leaf and computing the root cost O(log n).
 *
 * <p>This is the "compact range" of Trillian and the C2SP tlog tiles: because RFC 6962 §2.1 splits
 * a tree at the largest power of two below its size, the tree of n leaves is the fold, right to
 * left, of the perfect subtrees that n's binary digits name. The log stores the frontier beside
 * each checkpoint so an append never re-reads old leaves; the verifier streams a whole log through
 * one. Not thread-safe: a working object, not a value.
 */
final class CompactRange {
    private final MessageDigest sha = sha256();
    private final byte[][] hashes = new byte[64][];
    private long size;

    /** The empty tree. */
    CompactRange() {}

    /** The frontier of a tree of {@code size} leaves, as {@link #encoded()} wrote it. */
    static CompactRange decode(long size, byte[] encoded) {
        int n = Long.bitCount(size);
        if (size < 0 || encoded == null || encoded.length != n * MerkleHash.SIZE) {
            throw new IllegalArgumentException("audit frontier for size " + size + " must hold " + n + " hashes, not "
                    + (encoded == null ? "none" : encoded.length + " bytes"));
        }
        CompactRange r = new CompactRange();
        for (int i = 0; i < n; i++) {
            r.hashes[i] = Arrays.copyOfRange(encoded, i * MerkleHash.SIZE, (i + 1) * MerkleHash.SIZE);
        }
        r.size = size;
        return r;
    }

    long size() {
        return size;
    }

    /** Adds the leaf with hash {@code leafHash} (SHA-256(0x00 ‖ entry)). */
    void append(byte[] leafHash) {
        byte[] carry = leafHash;
        int top = Long.bitCount(size);
        for (long s = size; (s & 1) == 1; s >>>= 1) {
            carry = node(hashes[--top], carry);
            hashes[top] = null;
        }
        hashes[top] = carry;
        size++;
    }

    /** MTH of the leaves so far (RFC 6962 §2.1). */
    byte[] root() {
        int n = Long.bitCount(size);
        if (n == 0) {
            return MerkleHash.emptyRoot();
        }
        byte[] r = hashes[n - 1];
        for (int i = n - 2; i >= 0; i--) {
            r = node(hashes[i], r);
        }
        return r;
    }

    /** The subtree roots concatenated, largest subtree first. */
    byte[] encoded() {
        int n = Long.bitCount(size);
        byte[] out = new byte[n * MerkleHash.SIZE];
        for (int i = 0; i < n; i++) {
            System.arraycopy(hashes[i], 0, out, i * MerkleHash.SIZE, MerkleHash.SIZE);
        }
        return out;
    }

    private byte[] node(byte[] left, byte[] right) {
        sha.update((byte) 0x01);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new org.gfctl.core.Bug("every Java platform has SHA-256", e);
        }
    }
}
