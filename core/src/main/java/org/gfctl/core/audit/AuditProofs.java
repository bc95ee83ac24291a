package org.gfctl.core.audit;

import java.security.MessageDigest;
import java.util.Arrays;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.merkle.InclusionProof;
import org.gfctl.core.merkle.MerkleHash;
import org.gfctl.core.merkle.MerkleTree;
import org.gfctl.core.store.FabricStore;

/**
 * Produces {@link EntryProof}s from the store: the audit path of an entry in the tree of the
 * latest checkpoint (RFC 6962 §2.1.1).
 *
 * <p>Needs no private key, only read access (an auditor can run it). It reads the stored leaf
 * hashes of that tree, 32 bytes per entry, and refuses to hand out a proof that would not verify
 * against the checkpoint: a damaged log is reported, not papered over.
 */
public final class AuditProofs {
    private final AuditTables tables;

    private AuditProofs(AuditTables tables) {
        this.tables = tables;
    }

    public static AuditProofs of(FabricStore store) {
        return new AuditProofs(new AuditTables(store));
    }

    /** The proof that entry {@code seq} is in the tree signed by the latest checkpoint. */
    public EntryProof inclusion(long seq) {
        return tables.reading(() -> {
            Checkpoint k = tables.latest().orElseThrow(() -> new NotFoundException("the audit log has no checkpoint yet"))
                    .checkpoint();
            if (seq < 0 || seq >= k.treeSize()) {
                throw new NotFoundException("audit entry " + seq + " is not in the tree of the latest checkpoint "
                        + k.number() + " (entries 0.." + (k.treeSize() - 1) + ")");
            }
            if (k.treeSize() > Integer.MAX_VALUE / MerkleHash.SIZE) {
                throw new IllegalArgumentException("audit proofs are limited to " + Integer.MAX_VALUE / MerkleHash.SIZE
                        + " entries, the log has " + k.treeSize());
            }
            int size = (int) k.treeSize();
            byte[] leaves = new byte[size * MerkleHash.SIZE];
            int[] n = {0};
            tables.leafHashes(size, rs -> {
                byte[] h = rs.getBytes(2);
                if (rs.getLong(1) != n[0] || h.length != MerkleHash.SIZE) {
                    throw damaged("entry " + n[0] + " is missing or its leaf hash is malformed");
                }
                System.arraycopy(h, 0, leaves, n[0]++ * MerkleHash.SIZE, MerkleHash.SIZE);
            });
            if (n[0] != size) {
                throw damaged("it has " + n[0] + " entries but checkpoint " + k.number() + " signed " + size);
            }
            MerkleTree tree = MerkleTree.ofConcatenated(leaves);
            if (!MessageDigest.isEqual(tree.root(), k.root())) {
                throw damaged("its leaves do not lead to the root of checkpoint " + k.number());
            }
            StoredEntry row = tables.entry(seq).orElseThrow(() -> damaged("entry " + seq + " is missing"));
            if (!Arrays.equals(MerkleHash.leaf(row.entry()), tree.leafHash((int) seq))) {
                throw damaged("entry " + seq + "'s bytes do not hash to its leaf");
            }
            AuditEntry entry = AuditEntry.decode(row.entry());
            InclusionProof p = tree.inclusionProof((int) seq, size);
            return EntryProof.create(entry, row.entry(), size, p.path(), k);
        });
    }

    private static IntegrityException damaged(String why) {
        return new IntegrityException("the audit log is damaged (" + why + "): run 'gfctl audit verify'");
    }
}
