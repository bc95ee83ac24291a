package org.gfctl.core.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.gfctl.core.Bug;

/**
 * The RFC 6962 hashing rules over SHA-256: leaf hashes, interior node hashes and the empty tree.
 *
 * <p>RFC 6962 §2.1 prefixes leaves with 0x00 and interior nodes with 0x01 so that a leaf can never
 * be passed off as an interior node (second-preimage resistance); the empty tree hashes to
 * SHA-256 of the empty string.
 */
public final class MerkleHash {
    /** Every hash in the tree is a SHA-256 output of this many bytes. */
    public static final int SIZE = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleHash() {}

    /** SHA-256(0x00 ‖ data): the hash of one leaf's data. */
    public static byte[] leaf(byte[] data) {
        MessageDigest sha = sha256();
        sha.update(LEAF_PREFIX);
        sha.update(data);
        return sha.digest();
    }

    /** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
    public static byte[] node(byte[] left, byte[] right) {
        return node(sha256(), left, right);
    }

    /** The root of the tree with no leaves: SHA-256 of the empty string. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    static byte[] node(MessageDigest sha, byte[] left, byte[] right) {
        sha.update(NODE_PREFIX);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** A fresh SHA-256 digest, for callers that hash many leaves with one (it is not thread-safe). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new Bug("every Java platform has SHA-256", e);
        }
    }

    /** The largest power of two strictly less than {@code n}, for {@code n >= 2} (RFC 6962 §2.1). */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }
}
