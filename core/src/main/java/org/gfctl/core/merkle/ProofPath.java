package org.gfctl.core.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gfctl.core.IntegrityException;

/** Validation and defensive copying of proof hash lists, shared by both proof types. */
final class ProofPath {
    private ProofPath() {}

    static List<byte[]> copy(String what, List<byte[]> path) {
        List<byte[]> copy = new ArrayList<>(path.size());
        for (int i = 0; i < path.size(); i++) {
            byte[] h = path.get(i);
            if (h == null || h.length != MerkleHash.SIZE) {
                throw new IllegalArgumentException(what + ": hash " + i + " must be " + MerkleHash.SIZE
                        + " bytes, not " + (h == null ? "null" : h.length));
            }
            copy.add(h.clone());
        }
        return Collections.unmodifiableList(copy);
    }

    /** A verifier given a hash of the wrong length was given the wrong data: an integrity failure. */
    static void requireHash(String what, byte[] hash) {
        if (hash == null || hash.length != MerkleHash.SIZE) {
            throw new IntegrityException(what + " must be " + MerkleHash.SIZE + " bytes, not "
                    + (hash == null ? "null" : hash.length));
        }
    }
}
