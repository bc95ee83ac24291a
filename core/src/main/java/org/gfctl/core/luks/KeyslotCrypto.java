package org.gfctl.core.luks;

import java.security.MessageDigest;
import java.util.Arrays;
import org.gfctl.core.secret.Secret;
import org.gfctl.core.xts.XtsDecryptor;
import org.gfctl.core.xts.XtsEncryptor;

/**
 * The cryptography of LUKS1 keyslots: passphrase to slot key, key material sealing, and the
 * volume-key check.
 *
 * <p>LUKS1 On-Disk Format, key setting and master key recovery: the slot key is PBKDF2(passphrase, slot salt, slot
 * iterations, key-bytes); the AF-split volume key is encrypted with the volume's own cipher
 * ({@code aes-xts-plain64}) under the slot key, sector numbers counted from 0 at the start of the
 * slot's key material (cryptsetup's {@code LUKS_encrypt_to_storage}); a candidate volume key is
 * right when PBKDF2(candidate, mk-digest-salt, mk-digest-iter, 20) equals mk-digest.
 */
final class KeyslotCrypto {
    private KeyslotCrypto() {}

    static Secret slotKey(LuksHash hash, Secret passphrase, LuksKeyslot slot, int keyBytes) {
        return hash.pbkdf2(passphrase, slot.salt(), slot.iterations(), keyBytes);
    }

    /** Encrypts split key material in place (its length is a whole number of sectors). */
    static void seal(Secret slotKey, byte[] material) {
        try (XtsEncryptor xts = XtsEncryptor.create(slotKey)) {
            xts.encrypt(0, material, 0, material.length);
        }
    }

    /** Decrypts sealed key material in place. */
    static void unseal(Secret slotKey, byte[] material) {
        try (XtsDecryptor xts = XtsDecryptor.create(slotKey)) {
            xts.decrypt(0, material, 0, material.length);
        }
    }

    static byte[] mkDigest(LuksHash hash, Secret volumeKey, byte[] salt, int iterations) {
        try (Secret d = hash.pbkdf2(volumeKey, salt, iterations, LuksHeader.DIGEST_SIZE)) {
            return d.bytes().clone();
        }
    }

    /** Whether {@code candidate} is the volume key of {@code header}, compared in constant time. */
    static boolean isVolumeKey(LuksHeader header, LuksHash hash, Secret candidate) {
        if (candidate.length() != header.keyBytes()) {
            return false;
        }
        byte[] digest = mkDigest(hash, candidate, header.mkDigestSalt(), header.mkDigestIterations());
        boolean same = MessageDigest.isEqual(digest, header.mkDigest());
        Arrays.fill(digest, (byte) 0);
        return same;
    }

    /** The hash of a header whose cipher gfctl can open; refuses every other cipher and hash. */
    static LuksHash requireSupported(LuksHeader header) {
        if (!"aes".equals(header.cipherName()) || !"xts-plain64".equals(header.cipherMode())) {
            throw new LuksUnsupportedException("LUKS cipher " + header.cipherSpec()
                    + " is not supported: gfctl reads aes-xts-plain64 only");
        }
        return LuksHash.fromSpec(header.hashSpec());
    }
}
