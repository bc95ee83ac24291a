package org.gfctl.core.shield;

import java.nio.file.Path;
import java.security.MessageDigest;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.manifest.LeafHasher;
import org.gfctl.core.merkle.MerkleTree;
import org.gfctl.core.secret.Secret;
import org.gfctl.core.xts.XtsRekeyer;

/**
 * One worker's re-keying of payload chunks: check the old ciphertext against the signed
 * manifest, decrypt with the old volume key, encrypt with the new one, hash the result.
 *
 * <p>The check comes first so that re-encryption never launders tampered data into a freshly
 * signed manifest. XTS sector numbers are relative to the payload start in both images, so the
 * payload offset may differ between the old and the new header.
 */
final class Rekeyer implements AutoCloseable {
    private final XtsRekeyer xts;
    private final LeafHasher hasher = new LeafHasher();

    Rekeyer(Secret oldKey, Secret newKey) {
        this.xts = XtsRekeyer.create(oldKey, newKey);
    }

    /** Throws unless chunk {@code index} (bytes {@code buf[0, len)}) is the one the manifest signed. */
    void requireSigned(long index, byte[] buf, int len, MerkleTree manifest, Path image, long fileOffset) {
        if (!MessageDigest.isEqual(hasher.leaf(buf, 0, len), manifest.leafHash((int) index + 1))) {
            throw new IntegrityException("chunk " + index + " at offset " + fileOffset + " of " + image
                    + " does not match the signed manifest: refusing to re-encrypt tampered data");
        }
    }

    /** Re-encrypts {@code len} bytes of {@code buf} from {@code off}, which start at payload sector {@code sector}. */
    void rekey(long sector, byte[] buf, int off, int len) {
        xts.rekey(sector, buf, off, len);
    }

    /** The RFC 6962 leaf hash of {@code buf[0, len)}. */
    byte[] leaf(byte[] buf, int len) {
        return hasher.leaf(buf, 0, len);
    }

    @Override
    public void close() {
        xts.close();
    }
}
