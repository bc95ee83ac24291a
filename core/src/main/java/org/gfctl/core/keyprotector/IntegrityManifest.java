package org.gfctl.core.keyprotector;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.merkle.InclusionProof;
import org.gfctl.core.merkle.MerkleHash;
import org.gfctl.core.merkle.MerkleTree;

/**
 * The integrity manifest of a shielded image: the chunk size, the RFC 6962 leaf hash of every
 * chunk, and their Merkle root.
 *
 * <p>It lets anyone check an image without a key and name the first damaged chunk (DESIGN.md
 * "Integrity manifest"); the root alone, signed, would prove damage but not locate it. Leaf
 * hashes are {@link MerkleHash#leaf} values (RFC 6962 §2.1), in chunk order; leaf 0 is the header
 * region.
 *
 * <p>What a key protector signs is compact (format 2): the root, leaf 0 and leaf 0's audit path.
 * The payload leaves travel beside the signature and are decoded, and checked against the signed
 * root, only when {@link #tree()} is first called. So a rewrap or a new header (a new leaf 0: the
 * new root follows from the unchanged audit path) costs the same whatever the image size.
 */
public final class IntegrityManifest {
    /** The default chunk size, 1 MiB. */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;
    /** Larger chunks are refused: each worker holds one in memory (and a key protector names the size). */
    public static final int MAX_CHUNK_SIZE = 64 << 20;

    private final int chunkSize;
    private final int leafCount;
    private final byte[] root;
    private final byte[] headerLeaf;
    private final List<byte[]> headerPath;
    /** The payload leaves (leaf 1 on), concatenated: from memory or decoded from block 3. */
    private final Supplier<byte[]> payloadLeaves;
    /** Block 3's text as read, copied through unchanged when this manifest is signed again. */
    private final String leafBlock;
    private MerkleTree tree;

    private IntegrityManifest(int chunkSize, int leafCount, byte[] root, byte[] headerLeaf, List<byte[]> headerPath,
            Supplier<byte[]> payloadLeaves, String leafBlock, MerkleTree tree) {
        this.chunkSize = chunkSize;
        this.leafCount = leafCount;
        this.root = root;
        this.headerLeaf = headerLeaf;
        this.headerPath = headerPath;
        this.payloadLeaves = payloadLeaves;
        this.leafBlock = leafBlock;
        this.tree = tree;
    }

    /** A manifest for chunks of {@code chunkSize} bytes with the given concatenated leaf hashes. */
    public static IntegrityManifest create(int chunkSize, byte[] concatenatedLeafHashes) {
        requireChunkSize(chunkSize);
        MerkleTree tree = MerkleTree.ofConcatenated(concatenatedLeafHashes);
        if (tree.size() == 0) {
            throw new IllegalArgumentException("integrity manifest: needs at least leaf 0 (the header region)");
        }
        byte[] leaves = tree.concatenatedLeafHashes();
        return new IntegrityManifest(chunkSize, tree.size(), tree.root(), tree.leafHash(0),
                tree.inclusionProof(0, tree.size()).path(),
                () -> Arrays.copyOfRange(leaves, MerkleHash.SIZE, leaves.length), null, tree);
    }

    /**
     * A signed manifest whose payload leaves are decoded later from {@code leafBlock} (block 3's
     * text, null if the file has none). The audit path must lead from {@code headerLeaf} to
     * {@code root} in a tree of {@code leafCount} leaves.
     *
     * @throws IntegrityException if it does not
     */
    static IntegrityManifest signed(int chunkSize, int leafCount, byte[] root, byte[] headerLeaf,
            List<byte[]> headerPath, String leafBlock) {
        requireChunkSize(chunkSize);
        if (leafCount < 1) {
            throw new IllegalArgumentException("integrity manifest: leaf count must be at least 1, not " + leafCount);
        }
        InclusionProof.create(0, leafCount, headerPath).verify(headerLeaf, root);
        Supplier<byte[]> leaves = () -> {
            if (leafBlock == null) {
                throw new IntegrityException("key protector: the leaf hashes of the integrity manifest (block 3)"
                        + " are missing");
            }
            return KpPem.decodeLeafBlock(leafBlock);
        };
        return new IntegrityManifest(chunkSize, leafCount, root.clone(), headerLeaf.clone(), List.copyOf(headerPath),
                leaves, leafBlock, null);
    }

    /**
     * This manifest with leaf 0 replaced (a rewritten header region): the payload leaves and leaf
     * 0's audit path are unchanged, so the new root costs one hash per tree level.
     */
    public IntegrityManifest withHeaderLeaf(byte[] newHeaderLeaf) {
        if (newHeaderLeaf.length != MerkleHash.SIZE) {
            throw new IllegalArgumentException("integrity manifest: a leaf hash has 32 bytes, not " + newHeaderLeaf.length);
        }
        byte[] r = newHeaderLeaf.clone();
        for (byte[] sibling : headerPath) {
            r = MerkleHash.node(r, sibling);
        }
        return new IntegrityManifest(chunkSize, leafCount, r, newHeaderLeaf.clone(), headerPath, payloadLeaves,
                leafBlock, null);
    }

    public int chunkSize() {
        return chunkSize;
    }

    public int leafCount() {
        return leafCount;
    }

    /** A copy of leaf 0, the hash of the header region. */
    public byte[] headerLeaf() {
        return headerLeaf.clone();
    }

    /** Leaf 0's RFC 6962 audit path, leaf side first (every sibling is to its right). */
    List<byte[]> headerPath() {
        return headerPath;
    }

    /**
     * The Merkle tree over all leaf hashes; for a manifest read from a key protector, decoded and
     * checked against the signed root on first use.
     *
     * @throws IntegrityException if the leaf hashes are missing or do not lead to the signed root
     */
    public synchronized MerkleTree tree() {
        if (tree == null) {
            byte[] payload = payloadLeaves.get();
            if (payload.length != (long) (leafCount - 1) * MerkleHash.SIZE) {
                throw new IntegrityException("key protector: the integrity manifest lists " + leafCount
                        + " leaves but holds " + (payload.length / MerkleHash.SIZE + 1) + " leaf hashes");
            }
            byte[] all = new byte[leafCount * MerkleHash.SIZE];
            System.arraycopy(headerLeaf, 0, all, 0, MerkleHash.SIZE);
            System.arraycopy(payload, 0, all, MerkleHash.SIZE, payload.length);
            MerkleTree t = MerkleTree.ofConcatenated(all);
            if (!MessageDigest.isEqual(t.root(), root)) {
                throw new IntegrityException("key protector: the integrity manifest's leaf hashes do not match its"
                        + " signed Merkle root");
            }
            tree = t;
        }
        return tree;
    }

    /** Block 3's text: as read when unchanged, else encoded from the payload leaves. */
    String leafBlock() {
        return leafBlock != null ? leafBlock : KpPem.leafBlock(payloadLeaves.get());
    }

    /** A copy of the Merkle root. */
    public byte[] root() {
        return root.clone();
    }

    public String rootHex() {
        return HexFormat.of().formatHex(root);
    }

    private static void requireChunkSize(int chunkSize) {
        if (chunkSize <= 0 || chunkSize % 512 != 0 || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("integrity manifest: chunk size must be a positive multiple of"
                    + " 512 bytes (whole sectors), at most " + (MAX_CHUNK_SIZE >> 20) + " MiB, not " + chunkSize);
        }
    }

    /** Equal manifests have the same chunk size, leaf count and root (which fixes every leaf). */
    @Override
    public boolean equals(Object o) {
        return o instanceof IntegrityManifest m && m.chunkSize == chunkSize && m.leafCount == leafCount
                && Arrays.equals(m.root, root);
    }

    @Override
    public int hashCode() {
        return 31 * chunkSize + Arrays.hashCode(root);
    }

    @Override
    public String toString() {
        return "IntegrityManifest[chunkSize=" + chunkSize + ", leaves=" + leafCount + ", root=" + rootHex() + "]";
    }
}
