package org.gfctl.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.gfctl.core.IntegrityException;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private static final HexFormat HEX = HexFormat.of();

    // RFC 6962 test leaves and the root of every prefix 0..8, as published by transparency-dev/merkle
    // testonly/constants.go (LeafInputs, RootHashes), the Go successor of the Certificate
    // Transparency C++ test vectors.
    static final String[] LEAF_INPUTS = {
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    };
    static final String[] ROOTS = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    };

    static MerkleTree referenceTree() {
        byte[][] leaves = new byte[LEAF_INPUTS.length][];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = MerkleHash.leaf(HEX.parseHex(LEAF_INPUTS[i]));
        }
        return MerkleTree.of(leaves);
    }

    @Test
    void emptyTree_rootIsSha256OfNothing() {
        assertThat(HEX.formatHex(MerkleTree.of(new byte[0][]).root())).isEqualTo(ROOTS[0]);
        assertThat(HEX.formatHex(MerkleHash.emptyRoot())).startsWith("e3b0c442").endsWith("b855");
    }

    @Test
    void rootOfEveryPrefix_matchesRfc6962Vectors() {
        MerkleTree tree = referenceTree();
        for (int n = 0; n <= 8; n++) {
            assertThat(HEX.formatHex(tree.root(n))).as("root of size %d", n).isEqualTo(ROOTS[n]);
        }
        assertThat(HEX.formatHex(tree.root())).isEqualTo(ROOTS[8]);
    }

    @Test
    void concatenatedLeaves_giveTheSameTree() {
        MerkleTree tree = referenceTree();
        MerkleTree compact = MerkleTree.ofConcatenated(tree.concatenatedLeafHashes());
        assertThat(compact.size()).isEqualTo(8);
        assertThat(compact.root()).isEqualTo(tree.root());
        assertThatThrownBy(() -> MerkleTree.ofConcatenated(new byte[33]))
                .hasMessageContaining("multiple of 32 bytes, not 33");
    }

    // transparency-dev/merkle proof/verify_test.go, inclusionProofs {6, 8, ...} (1-based leaf 6)
    // and consistencyProofs {6, 7, ...}.
    @Test
    void proofsMatchPublishedVectors() {
        MerkleTree tree = referenceTree();
        assertThat(tree.inclusionProof(5, 8).path()).extracting(HEX::formatHex).containsExactly(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(tree.consistencyProof(6, 7).path()).extracting(HEX::formatHex).containsExactly(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(tree.consistencyProof(2, 5).path()).extracting(HEX::formatHex).containsExactly(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    }

    @Test
    void everyInclusionProof_verifies_andEveryMutationIsRejected() {
        MerkleTree tree = referenceTree();
        for (int n = 1; n <= 8; n++) {
            byte[] root = tree.root(n);
            for (int i = 0; i < n; i++) {
                InclusionProof proof = tree.inclusionProof(i, n);
                byte[] leaf = tree.leafHash(i);
                proof.verify(leaf, root);
                for (InclusionProof bad : mutations(proof)) {
                    assertThatThrownBy(() -> bad.verify(leaf, root)).as("%s", bad)
                            .isInstanceOf(IntegrityException.class);
                }
                byte[] otherLeaf = flipBit(leaf, 0);
                assertThatThrownBy(() -> proof.verify(otherLeaf, root)).isInstanceOf(IntegrityException.class);
                assertThatThrownBy(() -> proof.verify(leaf, flipBit(root, 31))).isInstanceOf(IntegrityException.class);
            }
        }
    }

    @Test
    void everyConsistencyProof_verifies_andEveryMutationIsRejected() {
        MerkleTree tree = referenceTree();
        for (int n = 0; n <= 8; n++) {
            for (int m = 0; m <= n; m++) {
                ConsistencyProof proof = tree.consistencyProof(m, n);
                byte[] root1 = tree.root(m);
                byte[] root2 = tree.root(n);
                proof.verify(root1, root2);
                byte[] smallerRoot = m > 0 ? tree.root(m - 1) : null;
                if (m == n && m > 0) {
                    assertThatThrownBy(() -> proof.verify(smallerRoot, root2))
                            .isInstanceOf(IntegrityException.class);
                }
                if (m == 0 || m == n) {
                    continue;
                }
                for (ConsistencyProof bad : mutations(proof)) {
                    assertThatThrownBy(() -> bad.verify(root1, root2)).as("%s", bad)
                            .isInstanceOf(IntegrityException.class);
                }
                assertThatThrownBy(() -> proof.verify(flipBit(root1, 3), root2)).isInstanceOf(IntegrityException.class);
                assertThatThrownBy(() -> proof.verify(root1, flipBit(root2, 3))).isInstanceOf(IntegrityException.class);
                assertThatThrownBy(() -> proof.verify(root2, root1)).isInstanceOf(IntegrityException.class);
            }
        }
    }

    @Test
    void largerTrees_proofsVerifyAcrossAllShapes() {
        byte[][] leaves = new byte[37][];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = MerkleHash.leaf(new byte[] {(byte) i, (byte) (7 * i)});
        }
        MerkleTree tree = MerkleTree.of(leaves);
        for (int n = 1; n <= leaves.length; n++) {
            for (int i = 0; i < n; i++) {
                tree.inclusionProof(i, n).verify(leaves[i], tree.root(n));
            }
            for (int m = 0; m <= n; m++) {
                tree.consistencyProof(m, n).verify(tree.root(m), tree.root(n));
            }
        }
    }

    @Test
    void badArguments_sayWhatWasExpected() {
        MerkleTree tree = referenceTree();
        assertThatThrownBy(() -> tree.inclusionProof(8, 8)).hasMessageContaining("must be 0..7, not 8");
        assertThatThrownBy(() -> tree.root(9)).hasMessageContaining("must be 0..8, not 9");
        assertThatThrownBy(() -> tree.consistencyProof(5, 4)).hasMessageContaining("size1 <= size2");
        assertThatThrownBy(() -> MerkleTree.of(new byte[][] {new byte[31]}))
                .hasMessageContaining("leaf hash 0 must be 32 bytes, not 31");
    }

    private static List<InclusionProof> mutations(InclusionProof p) {
        long i = p.leafIndex();
        long n = p.treeSize();
        List<byte[]> path = p.path();
        List<InclusionProof> out = new ArrayList<>();
        if (i > 0) {
            out.add(InclusionProof.create(i - 1, n, path));
        }
        if (i + 1 < n) {
            out.add(InclusionProof.create(i + 1, n, path));
        }
        if ((i ^ 2) < n) {
            out.add(InclusionProof.create(i ^ 2, n, path));
        }
        out.add(InclusionProof.create(i, n * 2, path));
        if (n / 2 > i) {
            out.add(InclusionProof.create(i, n / 2, path));
        }
        forEachPathMutation(path, alt -> out.add(InclusionProof.create(i, n, alt)));
        return out;
    }

    private static List<ConsistencyProof> mutations(ConsistencyProof p) {
        long m = p.size1();
        long n = p.size2();
        List<byte[]> path = p.path();
        List<ConsistencyProof> out = new ArrayList<>();
        out.add(ConsistencyProof.create(m - 1, n, path));
        if (m + 1 <= n) {
            out.add(ConsistencyProof.create(m + 1, n, path));
        }
        if ((m ^ 2) <= n) {
            out.add(ConsistencyProof.create(m ^ 2, n, path));
        }
        out.add(ConsistencyProof.create(m, n * 2, path));
        if (n / 2 >= m) {
            out.add(ConsistencyProof.create(m, n / 2, path));
        }
        out.add(ConsistencyProof.create(m, n, List.of()));
        forEachPathMutation(path, alt -> out.add(ConsistencyProof.create(m, n, alt)));
        List<byte[]> withFirstTwice = new ArrayList<>(path);
        withFirstTwice.add(0, path.get(0));
        out.add(ConsistencyProof.create(m, n, withFirstTwice));
        return out;
    }

    /** Every bit-flipped element, the path without its last or first element, with one extra in front or behind. */
    private static void forEachPathMutation(List<byte[]> path, java.util.function.Consumer<List<byte[]>> sink) {
        for (int k = 0; k < path.size(); k++) {
            List<byte[]> flipped = new ArrayList<>(path);
            flipped.set(k, flipBit(path.get(k), k % 32));
            sink.accept(flipped);
        }
        if (!path.isEmpty()) {
            sink.accept(path.subList(0, path.size() - 1));
            sink.accept(path.subList(1, path.size()));
        }
        byte[] extra = MerkleHash.leaf(new byte[] {42});
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(extra);
        sink.accept(longer);
        List<byte[]> earlier = new ArrayList<>(path);
        earlier.add(0, extra);
        sink.accept(earlier);
    }

    private static byte[] flipBit(byte[] h, int at) {
        byte[] c = h.clone();
        c[at] ^= 0x08;
        return c;
    }
}
