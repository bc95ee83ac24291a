package org.gfctl.core.xts;

import javax.crypto.Cipher;
import org.gfctl.core.secret.Secret;

/**
 * Encrypts whole 512-byte sectors in place with XTS-AES (IEEE 1619-2007), tweak = plain64 sector
 * number: the data-at-rest cipher of a LUKS {@code aes-xts-plain64} volume.
 *
 * <p>The tweak of a sector is its number as a 16-byte little-endian block, counted from the start
 * of the LUKS payload (or from the start of a keyslot's key material), as dm-crypt's
 * {@code plain64} IV generator does. A 64-byte key gives XTS-AES-256, a 32-byte key XTS-AES-128.
 * Instances are thread-confined: create one per worker thread. The AES key schedule cannot be
 * wiped; {@link #close()} wipes the working buffers.
 */
public final class XtsEncryptor implements AutoCloseable {
    private final XtsEngine engine;

    private XtsEncryptor(XtsEngine engine) {
        this.engine = engine;
    }

    /** An encryptor keyed with {@code key} = key1 || key2 (32 or 64 bytes); the caller keeps the secret. */
    public static XtsEncryptor create(Secret key) {
        return new XtsEncryptor(XtsEngine.create(key, Cipher.ENCRYPT_MODE, true));
    }

    /** The same on JCE alone, never Bouncy Castle's native AES: for tests of that path. */
    static XtsEncryptor createJce(Secret key) {
        return new XtsEncryptor(XtsEngine.create(key, Cipher.ENCRYPT_MODE, false));
    }

    /**
     * Encrypts {@code len} bytes (a multiple of 512) of {@code buf} at {@code off} in place; the
     * first sector there has number {@code firstSector}.
     */
    public void encrypt(long firstSector, byte[] buf, int off, int len) {
        engine.sectors(firstSector, buf, off, len);
    }

    /**
     * Encrypts {@code len} bytes (a multiple of 512) read from {@code src} at {@code srcOff} into
     * {@code buf} at {@code off}, without copying the input first (the disk engine's mapped window);
     * the first sector has number {@code firstSector}. {@code src} is left unchanged.
     */
    public void encrypt(long firstSector, java.nio.ByteBuffer src, int srcOff, byte[] buf, int off, int len) {
        engine.sectors(firstSector, src, srcOff, buf, off, len);
    }

    /** One data unit under a raw 16-byte tweak value, for NIST CAVP vectors only. */
    void encryptDataUnit(byte[] tweakValue, byte[] buf, int off, int len) {
        engine.dataUnit(tweakValue, buf, off, len);
    }

    @Override
    public void close() {
        engine.wipe();
    }

    @Override
    public String toString() {
        return "XtsEncryptor[aes-xts-plain64]";
    }
}
