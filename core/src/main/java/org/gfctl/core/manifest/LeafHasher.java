package org.gfctl.core.manifest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.gfctl.core.Bug;

/**
 * Computes RFC 6962 leaf hashes, SHA-256(0x00 ‖ data), without copying the data. Thread-confined.
 */
public final class LeafHasher {
    private final MessageDigest sha256;

    public LeafHasher() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new Bug("every JDK has SHA-256", e);
        }
    }

    /** The leaf hash of {@code data[off, off+len)}. */
    public byte[] leaf(byte[] data, int off, int len) {
        sha256.update((byte) 0x00);
        sha256.update(data, off, len);
        return sha256.digest();
    }
}
