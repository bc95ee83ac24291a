package org.gfctl.core.merkle;

import java.security.MessageDigest;
import java.util.List;
import org.gfctl.core.IntegrityException;

/**
 * An audit path proving that one leaf is in a tree of a given size, and its verification.
 *
 * <p>Generation is RFC 6962 §2.1.1; verification is the algorithm of RFC 9162 §2.1.3.2, which
 * checks the path length against the tree shape, so a path with an element missing or added, or
 * presented for another index or size, is rejected rather than silently recomputed.
 */
public final class InclusionProof {
    private final long leafIndex;
    private final long treeSize;
    private final List<byte[]> path;

    private InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {
        this.leafIndex = leafIndex;
        this.treeSize = treeSize;
        this.path = path;
    }

    /** A proof for leaf {@code leafIndex} of a tree of {@code treeSize} leaves; the path is copied. */
    public static InclusionProof create(long leafIndex, long treeSize, List<byte[]> path) {
        if (treeSize < 1 || leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("inclusion proof: need 0 <= leaf index < tree size, not index "
                    + leafIndex + " of size " + treeSize);
        }
        return new InclusionProof(leafIndex, treeSize, ProofPath.copy("inclusion proof", path));
    }

    public long leafIndex() {
        return leafIndex;
    }

    public long treeSize() {
        return treeSize;
    }

    /** A copy of the audit path, leaf side first. */
    public List<byte[]> path() {
        return ProofPath.copy("inclusion proof", path);
    }

    /**
     * Checks that {@code leafHash} is leaf {@link #leafIndex()} of the tree of {@link #treeSize()}
     * leaves whose root is {@code root}.
     *
     * @throws IntegrityException if it is not
     */
    public void verify(byte[] leafHash, byte[] root) {
        ProofPath.requireHash("leaf hash", leafHash);
        ProofPath.requireHash("root", root);
        MessageDigest sha = MerkleHash.sha256();
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                throw fail("the audit path is longer than a tree of this size allows");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHash.node(sha, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = MerkleHash.node(sha, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw fail("the audit path is shorter than a tree of this size needs");
        }
        if (!MessageDigest.isEqual(r, root)) {
            throw fail("the audit path leads to another root");
        }
    }

    private IntegrityException fail(String why) {
        return new IntegrityException("inclusion proof for leaf " + leafIndex + " of " + treeSize
                + " does not verify: " + why);
    }

    @Override
    public String toString() {
        return "InclusionProof[leaf=" + leafIndex + ", size=" + treeSize + ", path=" + path.size() + " hashes]";
    }
}
