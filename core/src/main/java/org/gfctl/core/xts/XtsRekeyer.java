package org.gfctl.core.xts;

import javax.crypto.Cipher;
import org.gfctl.core.secret.Secret;

/**
 * Re-encrypts XTS-AES sectors from one key to another in place ({@code rotate-key --reencrypt}).
 *
 * <p>The same bytes as {@link XtsDecryptor#decrypt} with the old key followed by
 * {@link XtsEncryptor#encrypt} with the new one, in three passes over the data instead of four
 * when both run on Bouncy Castle's native AES: the old key's unmask and the new key's mask are one
 * pass. On the JCE path (decryption through CBC) it decrypts and encrypts separately. Not
 * thread-safe: one per worker.
 */
public final class XtsRekeyer implements AutoCloseable {
    private final XtsEngine from;
    private final XtsEngine to;

    private XtsRekeyer(XtsEngine from, XtsEngine to) {
        this.from = from;
        this.to = to;
    }

    /** A re-keyer from {@code oldKey} to {@code newKey} (each key1 || key2); the caller keeps the secrets. */
    public static XtsRekeyer create(Secret oldKey, Secret newKey) {
        return create(oldKey, newKey, true);
    }

    static XtsRekeyer create(Secret oldKey, Secret newKey, boolean allowNative) {
        return new XtsRekeyer(XtsEngine.create(oldKey, Cipher.DECRYPT_MODE, allowNative),
                XtsEngine.create(newKey, Cipher.ENCRYPT_MODE, allowNative));
    }

    /** Re-keys {@code len} bytes (a multiple of 512) of {@code buf} at {@code off}, whose first sector is {@code firstSector}. */
    public void rekey(long firstSector, byte[] buf, int off, int len) {
        if (from.chained() || to.chained()) {
            from.sectors(firstSector, buf, off, len);
            to.sectors(firstSector, buf, off, len);
        } else {
            XtsEngine.rekeySectors(from, to, firstSector, buf, off, len);
        }
    }

    @Override
    public void close() {
        from.wipe();
        to.wipe();
    }

    @Override
    public String toString() {
        return "XtsRekeyer[aes-xts-plain64]";
    }
}
