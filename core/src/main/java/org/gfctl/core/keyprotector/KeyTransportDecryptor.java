package org.gfctl.core.keyprotector;

/**
 * Decrypts a CMS KeyTransRecipientInfo's encrypted content-encryption key (RSAES-OAEP-SHA256)
 * where the private key lives, such as inside a TPM, which never hands the key to Java.
 */
@FunctionalInterface
public interface KeyTransportDecryptor {

    /** The content-encryption key inside {@code encryptedKey}; the caller wipes it. */
    byte[] decrypt(byte[] encryptedKey);
}
