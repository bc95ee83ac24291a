package org.gfctl.core.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable RFC 6962 Merkle tree over precomputed leaf hashes, giving the root of any prefix
 * and inclusion and consistency proofs.
 *
 * <p>Leaf hashes are supplied already computed (see {@link MerkleHash#leaf}) because the callers
 * hash large chunks in parallel while streaming; the tree then costs 32 bytes per leaf. The
 * recursion follows RFC 6962 §2.1 (MTH), §2.1.1 (PATH) and §2.1.2 (PROOF/SUBPROOF) literally, so
 * that every output is interoperable with Certificate Transparency logs.
 */
public final class MerkleTree {
    private final byte[] leaves;
    private final int size;

    private MerkleTree(byte[] leaves) {
        this.leaves = leaves;
        this.size = leaves.length / MerkleHash.SIZE;
    }

    /** A tree over {@code leafHashes}, each 32 bytes; the arrays are copied. */
    public static MerkleTree of(byte[][] leafHashes) {
        byte[] compact = new byte[Math.multiplyExact(leafHashes.length, MerkleHash.SIZE)];
        for (int i = 0; i < leafHashes.length; i++) {
            byte[] h = leafHashes[i];
            if (h == null || h.length != MerkleHash.SIZE) {
                throw new IllegalArgumentException("Merkle tree: leaf hash " + i + " must be "
                        + MerkleHash.SIZE + " bytes, not " + (h == null ? "null" : h.length));
            }
            System.arraycopy(h, 0, compact, i * MerkleHash.SIZE, MerkleHash.SIZE);
        }
        return new MerkleTree(compact);
    }

    /** A tree over leaf hashes concatenated in one array of {@code n * 32} bytes; copied. */
    public static MerkleTree ofConcatenated(byte[] leafHashes) {
        if (leafHashes.length % MerkleHash.SIZE != 0) {
            throw new IllegalArgumentException("Merkle tree: concatenated leaf hashes must be a multiple of "
                    + MerkleHash.SIZE + " bytes, not " + leafHashes.length);
        }
        return new MerkleTree(leafHashes.clone());
    }

    /** The number of leaves. */
    public int size() {
        return size;
    }

    /** A copy of leaf hash {@code index}. */
    public byte[] leafHash(int index) {
        checkIndex(index, size, "leaf index");
        return Arrays.copyOfRange(leaves, index * MerkleHash.SIZE, (index + 1) * MerkleHash.SIZE);
    }

    /** A copy of all leaf hashes, concatenated. */
    public byte[] concatenatedLeafHashes() {
        return leaves.clone();
    }

    /** The Merkle tree hash of all leaves. */
    public byte[] root() {
        return root(size);
    }

    /** The Merkle tree hash of the first {@code treeSize} leaves (the tree as it was at that size). */
    public byte[] root(int treeSize) {
        checkSize(treeSize);
        return treeSize == 0 ? MerkleHash.emptyRoot() : mth(MerkleHash.sha256(), 0, treeSize);
    }

    /** The audit path of leaf {@code leafIndex} in the tree of the first {@code treeSize} leaves. */
    public InclusionProof inclusionProof(int leafIndex, int treeSize) {
        checkSize(treeSize);
        checkIndex(leafIndex, treeSize, "leaf index");
        List<byte[]> path = new ArrayList<>();
        path(MerkleHash.sha256(), leafIndex, 0, treeSize, path);
        return InclusionProof.create(leafIndex, treeSize, path);
    }

    /** The proof that the tree of size {@code size1} is a prefix of the tree of size {@code size2}. */
    public ConsistencyProof consistencyProof(int size1, int size2) {
        checkSize(size2);
        if (size1 < 0 || size1 > size2) {
            throw new IllegalArgumentException("Merkle tree: consistency needs 0 <= size1 <= size2, not "
                    + size1 + " and " + size2);
        }
        List<byte[]> path = new ArrayList<>();
        if (size1 > 0 && size1 < size2) {
            subproof(MerkleHash.sha256(), size1, 0, size2, true, path);
        }
        return ConsistencyProof.create(size1, size2, path);
    }

    /** MTH(D[from:from+n]), n >= 1 (RFC 6962 §2.1). */
    private byte[] mth(MessageDigest sha, int from, int n) {
        if (n == 1) {
            return Arrays.copyOfRange(leaves, from * MerkleHash.SIZE, (from + 1) * MerkleHash.SIZE);
        }
        int k = (int) MerkleHash.split(n);
        return MerkleHash.node(sha, mth(sha, from, k), mth(sha, from + k, n - k));
    }

    /** PATH(m, D[from:from+n]) appended to {@code out}, leaf-side first (RFC 6962 §2.1.1). */
    private void path(MessageDigest sha, int m, int from, int n, List<byte[]> out) {
        if (n == 1) {
            return;
        }
        int k = (int) MerkleHash.split(n);
        if (m < k) {
            path(sha, m, from, k, out);
            out.add(mth(sha, from + k, n - k));
        } else {
            path(sha, m - k, from + k, n - k, out);
            out.add(mth(sha, from, k));
        }
    }

    /** SUBPROOF(m, D[from:from+n], b) appended to {@code out} (RFC 6962 §2.1.2). */
    private void subproof(MessageDigest sha, int m, int from, int n, boolean complete, List<byte[]> out) {
        if (m == n) {
            if (!complete) {
                out.add(mth(sha, from, n));
            }
            return;
        }
        int k = (int) MerkleHash.split(n);
        if (m <= k) {
            subproof(sha, m, from, k, complete, out);
            out.add(mth(sha, from + k, n - k));
        } else {
            subproof(sha, m - k, from + k, n - k, false, out);
            out.add(mth(sha, from, k));
        }
    }

    private void checkSize(int treeSize) {
        if (treeSize < 0 || treeSize > size) {
            throw new IllegalArgumentException("Merkle tree: size must be 0.." + size + ", not " + treeSize);
        }
    }

    private static void checkIndex(int index, int bound, String what) {
        if (index < 0 || index >= bound) {
            throw new IllegalArgumentException("Merkle tree: " + what + " must be 0.." + (bound - 1)
                    + ", not " + index);
        }
    }

    @Override
    public String toString() {
        return "MerkleTree[size=" + size + "]";
    }
}
