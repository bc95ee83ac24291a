package org.gfctl.core.merkle;

import java.security.MessageDigest;
import java.util.List;
import org.gfctl.core.IntegrityException;

/**
 * A proof that a tree of one size is a prefix of (was extended into) a tree of a larger size,
 * and its verification.
 *
 * <p>This is what shows an append-only log was neither rewritten nor truncated between two signed
 * checkpoints. Generation is RFC 6962 §2.1.2; verification is RFC 9162 §2.1.4.2. The degenerate
 * cases RFC 9162 leaves to the caller are strict here: equal sizes need an empty path and equal
 * roots, size 0 needs an empty path and the empty-tree root.
 */
public final class ConsistencyProof {
    private final long size1;
    private final long size2;
    private final List<byte[]> path;

    private ConsistencyProof(long size1, long size2, List<byte[]> path) {
        this.size1 = size1;
        this.size2 = size2;
        this.path = path;
    }

    /** A proof between trees of {@code size1 <= size2} leaves; the path is copied. */
    public static ConsistencyProof create(long size1, long size2, List<byte[]> path) {
        if (size1 < 0 || size1 > size2) {
            throw new IllegalArgumentException("consistency proof: need 0 <= size1 <= size2, not "
                    + size1 + " and " + size2);
        }
        return new ConsistencyProof(size1, size2, ProofPath.copy("consistency proof", path));
    }

    public long size1() {
        return size1;
    }

    public long size2() {
        return size2;
    }

    /** A copy of the proof's hashes, in RFC 6962 order. */
    public List<byte[]> path() {
        return ProofPath.copy("consistency proof", path);
    }

    /**
     * Checks that {@code root1}, the root at {@link #size1()}, and {@code root2}, the root at
     * {@link #size2()}, are roots of the same append-only tree.
     *
     * @throws IntegrityException if they are not
     */
    public void verify(byte[] root1, byte[] root2) {
        ProofPath.requireHash("first root", root1);
        ProofPath.requireHash("second root", root2);
        if (size1 == size2 || size1 == 0) {
            verifyTrivial(root1, root2);
            return;
        }
        if (path.isEmpty()) {
            throw fail("the proof is empty");
        }
        MessageDigest sha = MerkleHash.sha256();
        boolean powerOfTwo = Long.bitCount(size1) == 1;
        int start = powerOfTwo ? 0 : 1;
        byte[] fr = powerOfTwo ? root1 : path.get(0);
        byte[] sr = fr;
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        for (byte[] c : path.subList(start, path.size())) {
            if (sn == 0) {
                throw fail("the proof is longer than these sizes allow");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHash.node(sha, c, fr);
                sr = MerkleHash.node(sha, c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleHash.node(sha, sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw fail("the proof is shorter than these sizes need");
        }
        if (!MessageDigest.isEqual(fr, root1)) {
            throw fail("it does not lead to the first root");
        }
        if (!MessageDigest.isEqual(sr, root2)) {
            throw fail("it does not lead to the second root");
        }
    }

    private void verifyTrivial(byte[] root1, byte[] root2) {
        if (!path.isEmpty()) {
            throw fail("the proof must be empty for these sizes");
        }
        if (size1 == 0 && !MessageDigest.isEqual(root1, MerkleHash.emptyRoot())) {
            throw fail("the first root is not the empty-tree hash");
        }
        if (size1 == size2 && !MessageDigest.isEqual(root1, root2)) {
            throw fail("trees of equal size have different roots");
        }
    }

    private IntegrityException fail(String why) {
        return new IntegrityException("consistency proof from size " + size1 + " to " + size2
                + " does not verify: " + why);
    }

    @Override
    public String toString() {
        return "ConsistencyProof[" + size1 + " -> " + size2 + ", path=" + path.size() + " hashes]";
    }
}
