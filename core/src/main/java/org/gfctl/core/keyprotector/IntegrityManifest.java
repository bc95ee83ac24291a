package org.gfctl.core.keyprotector;

import java.util.Arrays;
import java.util.HexFormat;
import org.gfctl.core.merkle.MerkleHash;
import org.gfctl.core.merkle.MerkleTree;

/**
 * The integrity manifest of a shielded image: the chunk size, the RFC 6962 leaf hash of every
 * chunk, and their Merkle root.
 *
 * <p>It lets anyone check an image without a key and name the first damaged chunk (DESIGN.md
 * "Integrity manifest"); the root alone, signed, would prove damage but not locate it. Leaf
 * hashes are {@link MerkleHash#leaf} values (RFC 6962 §2.1), in chunk order.
 */
public final class IntegrityManifest {
    /** The default chunk size, 1 MiB. */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

    private final int chunkSize;
    private final MerkleTree tree;
    private final byte[] root;

    private IntegrityManifest(int chunkSize, MerkleTree tree) {
        this.chunkSize = chunkSize;
        this.tree = tree;
        this.root = tree.root();
    }

    /** A manifest for chunks of {@code chunkSize} bytes with the given concatenated leaf hashes. */
    public static IntegrityManifest create(int chunkSize, byte[] concatenatedLeafHashes) {
        if (chunkSize <= 0 || chunkSize % 512 != 0) {
            throw new IllegalArgumentException("integrity manifest: chunk size must be a positive multiple of"
                    + " 512 bytes (whole sectors), not " + chunkSize);
        }
        return new IntegrityManifest(chunkSize, MerkleTree.ofConcatenated(concatenatedLeafHashes));
    }

    public int chunkSize() {
        return chunkSize;
    }

    public int leafCount() {
        return tree.size();
    }

    /** The Merkle tree over the leaf hashes. */
    public MerkleTree tree() {
        return tree;
    }

    /** A copy of the Merkle root. */
    public byte[] root() {
        return root.clone();
    }

    public String rootHex() {
        return HexFormat.of().formatHex(root);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntegrityManifest m && m.chunkSize == chunkSize
                && Arrays.equals(m.tree.concatenatedLeafHashes(), tree.concatenatedLeafHashes());
    }

    @Override
    public int hashCode() {
        return 31 * chunkSize + Arrays.hashCode(root);
    }

    @Override
    public String toString() {
        return "IntegrityManifest[chunkSize=" + chunkSize + ", leaves=" + leafCount() + ", root=" + rootHex() + "]";
    }
}
