package org.gfctl.core.manifest;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The integrity manifest of a shielded image: RFC 6962 leaf hashes of the LUKS header region and
 * of every ciphertext chunk, in image order.
 *
 * <p>Leaf 0 covers bytes {@code [0, payloadOffset)} (the LUKS header and all keyslot material);
 * leaf {@code i ≥ 1} covers payload chunk {@code i-1}, {@code chunkSize} bytes from {@code
 * payloadOffset + (i-1)·chunkSize} (the last one shorter). Leaf hash = SHA-256(0x00 ‖ bytes), and
 * the manifest's root is the RFC 6962 §2.1 Merkle tree hash over the leaves, signed in the key
 * protector. Keeping every leaf (32 bytes per MiB) is what lets {@code verify} name the first
 * damaged chunk rather than only say "something changed".
 */
public final class IntegrityManifest {
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;
    private final int chunkSize;
    private final long payloadOffset;
    private final long payloadLength;
    private final byte[] leaves;

    private IntegrityManifest(int chunkSize, long payloadOffset, long payloadLength, byte[] leaves) {
        this.chunkSize = chunkSize;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.leaves = leaves;
    }

    /** Validates the geometry against the number of leaf hashes (32 bytes each, concatenated). */
    public static IntegrityManifest create(int chunkSize, long payloadOffset, long payloadLength, byte[] leaves) {
        Objects.requireNonNull(leaves, "leaves");
        if (chunkSize <= 0 || chunkSize % 512 != 0) {
            throw new IllegalArgumentException("integrity manifest: chunk size must be a positive multiple of 512, not " + chunkSize);
        }
        if (payloadOffset <= 0 || payloadOffset % 512 != 0 || payloadLength < 0 || payloadLength % 512 != 0) {
            throw new IllegalArgumentException("integrity manifest: payload offset " + payloadOffset + " and length "
                    + payloadLength + " must be sector-aligned");
        }
        long expected = 1 + (payloadLength + chunkSize - 1) / chunkSize;
        if (leaves.length != expected * 32) {
            throw new IllegalArgumentException("integrity manifest: expected " + expected + " leaf hashes for "
                    + payloadLength + " payload bytes, found " + leaves.length / 32.0);
        }
        return new IntegrityManifest(chunkSize, payloadOffset, payloadLength, leaves.clone());
    }

    public int chunkSize() {
        return chunkSize;
    }

    public long payloadOffset() {
        return payloadOffset;
    }

    public long payloadLength() {
        return payloadLength;
    }

    /** Number of leaves: the header region plus one per payload chunk. */
    public int leafCount() {
        return leaves.length / 32;
    }

    /** A copy of leaf {@code i}'s hash. */
    public byte[] leaf(int i) {
        return Arrays.copyOfRange(leaves, i * 32, i * 32 + 32);
    }

    /** A copy of all leaf hashes, concatenated. */
    public byte[] leaves() {
        return leaves.clone();
    }

    /** Whether leaf {@code i} equals {@code hash}, compared in constant time. */
    public boolean leafMatches(int i, byte[] hash) {
        return MessageDigest.isEqual(leaf(i), hash);
    }

    /** The byte offset in the image file where leaf {@code i}'s bytes start. */
    public long offsetOfLeaf(int i) {
        return i == 0 ? 0 : payloadOffset + (long) (i - 1) * chunkSize;
    }

    /** The first leaf index whose hash differs from {@code actual}'s, if any. */
    public OptionalLong firstMismatch(byte[] actual) {
        int n = Math.min(leaves.length, actual.length) / 32;
        for (int i = 0; i < n; i++) {
            if (!MessageDigest.isEqual(Arrays.copyOfRange(leaves, i * 32, i * 32 + 32),
                    Arrays.copyOfRange(actual, i * 32, i * 32 + 32))) {
                return OptionalLong.of(i);
            }
        }
        return n < leafCount() ? OptionalLong.of(n) : OptionalLong.empty();
    }
}
