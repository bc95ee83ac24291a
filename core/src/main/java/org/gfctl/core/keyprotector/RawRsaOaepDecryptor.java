package org.gfctl.core.keyprotector;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.gfctl.core.KeyRefusedException;

/**
 * RSAES-OAEP-SHA256 decryption (MGF1-SHA-256, empty label) with the raw RSA private-key operation
 * done by the key's own JCA provider and the OAEP decoding done here.
 *
 * <p>Why: SunPKCS11 (JDK 17) offers no {@code RSA/ECB/OAEPWithSHA-256AndMGF1Padding}, only
 * {@code RSA/ECB/NoPadding} (CKM_RSA_X_509), so a guardian key that never leaves its PKCS#11
 * token computes {@code m = c^d mod n} on the token and Bouncy Castle's {@link OAEPEncoding}
 * checks and strips the padding (RFC 8017 §7.1.2 steps 3a–3g). Software keys take the same path
 * (the JDK's raw RSA, which blinds), so one decoding serves both. Every failure, whatever step it
 * was, is the same {@link KeyRefusedException}: a guardian must not tell callers why a
 * ciphertext was rejected (Manger's attack, CRYPTO 2001).
 */
public final class RawRsaOaepDecryptor implements KeyTransportDecryptor {
    private final PrivateKey key;
    private final int modulusBytes;
    private final Provider provider;

    private RawRsaOaepDecryptor(PrivateKey key, int modulusBytes, Provider provider) {
        this.key = key;
        this.modulusBytes = modulusBytes;
        this.provider = provider;
    }

    /**
     * A decryptor for RSA {@code key}, the private key of {@code publicKey} (which gives the
     * modulus size: a token key need not), whose raw operation runs in {@code provider} (null: the JDK's).
     */
    public static RawRsaOaepDecryptor create(PrivateKey key, RSAPublicKey publicKey, Provider provider) {
        if (!"RSA".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("RSA-OAEP needs an RSA key, not " + key.getAlgorithm());
        }
        return new RawRsaOaepDecryptor(key, (publicKey.getModulus().bitLength() + 7) / 8, provider);
    }

    @Override
    public byte[] decrypt(byte[] encryptedKey) {
        OAEPEncoding oaep = new OAEPEncoding(new RawEngine(), new SHA256Digest(), new SHA256Digest(), null);
        oaep.init(false, null);
        try {
            return oaep.processBlock(encryptedKey, 0, encryptedKey.length);
        } catch (InvalidCipherTextException | RawFailure e) {
            throw new KeyRefusedException("the key does not open this RSA-OAEP-SHA256 recipient");
        }
    }

    /** The raw operation failed (token error, input out of range): reported like bad padding. */
    private static final class RawFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RawFailure(Throwable cause) {
            super(cause);
        }
    }

    /**
     * The raw RSA decryption, shaped like Bouncy Castle's RSA engine: it returns the k-1 bytes after
     * the leading byte Y of the encoded message, which OAEP requires to be zero (checked here
     * without a branch on its value before the padding is checked).
     */
    private final class RawEngine implements AsymmetricBlockCipher {

        @Override
        public void init(boolean forEncryption, CipherParameters param) {
            if (forEncryption) {
                throw new IllegalStateException("decryption only");
            }
        }

        @Override
        public int getInputBlockSize() {
            return modulusBytes;
        }

        @Override
        public int getOutputBlockSize() {
            return modulusBytes - 1;
        }

        @Override
        public byte[] processBlock(byte[] in, int inOff, int len) {
            byte[] em;
            try {
                Cipher c = provider == null ? Cipher.getInstance("RSA/ECB/NoPadding")
                        : Cipher.getInstance("RSA/ECB/NoPadding", provider);
                c.init(Cipher.DECRYPT_MODE, key);
                em = c.doFinal(in, inOff, len);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new RawFailure(e);
            }
            int k = modulusBytes;
            byte[] padded = new byte[k];
            System.arraycopy(em, 0, padded, k - Math.min(k, em.length), Math.min(k, em.length));
            Arrays.fill(em, (byte) 0);
            // A nonzero Y makes the result one byte too long, which OAEPEncoding rejects in constant time.
            int y = padded[0] & 0xff;
            byte[] out = Arrays.copyOfRange(padded, ((y - 1) >>> 31) & 1, k);
            Arrays.fill(padded, (byte) 0);
            return out;
        }
    }
}
