package org.gfctl.core.keyprotector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.gfctl.core.KeyRefusedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OAEP decoding over a raw RSA operation (the path of a PKCS#11 token key) against the JDK's own
 * RSAES-OAEP-SHA256 encryption (RFC 8017 §7.1), and its refusals.
 */
class RawRsaOaepDecryptorTest {
    private static final OAEPParameterSpec SHA256 = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);
    private static KeyPair rsa;
    private static KeyPair other;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(3072);
        rsa = g.generateKeyPair();
        other = g.generateKeyPair();
    }

    @Test
    void decryptsJdkOaepSha256_forManyRandomKeys() throws Exception {
        SecureRandom random = new SecureRandom();
        RawRsaOaepDecryptor d = RawRsaOaepDecryptor.create(rsa.getPrivate(), (RSAPublicKey) rsa.getPublic(), null);
        for (int i = 0; i < 64; i++) {
            byte[] cek = new byte[1 + random.nextInt(32)];
            random.nextBytes(cek);
            assertThat(d.decrypt(encrypt(SHA256, cek))).isEqualTo(cek);
        }
    }

    @Test
    void wrongKey_otherPadding_orOutOfRange_areOneAndTheSameRefusal() throws Exception {
        RawRsaOaepDecryptor d = RawRsaOaepDecryptor.create(other.getPrivate(), (RSAPublicKey) other.getPublic(), null);
        byte[] forRsa = encrypt(SHA256, new byte[32]);
        RawRsaOaepDecryptor right = RawRsaOaepDecryptor.create(rsa.getPrivate(), (RSAPublicKey) rsa.getPublic(), null);
        byte[] sha1 = encrypt(new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                PSource.PSpecified.DEFAULT), new byte[32]);
        byte[] tooBig = ((RSAPublicKey) rsa.getPublic()).getModulus().add(BigInteger.ONE).toByteArray();
        String refusal = "the key does not open this RSA-OAEP-SHA256 recipient";
        assertThatThrownBy(() -> d.decrypt(forRsa)).isInstanceOf(KeyRefusedException.class).hasMessage(refusal);
        assertThatThrownBy(() -> right.decrypt(sha1)).isInstanceOf(KeyRefusedException.class).hasMessage(refusal);
        assertThatThrownBy(() -> right.decrypt(tooBig)).isInstanceOf(KeyRefusedException.class).hasMessage(refusal);
        byte[] flipped = forRsa.clone();
        flipped[100] ^= 1;
        assertThatThrownBy(() -> right.decrypt(flipped)).isInstanceOf(KeyRefusedException.class).hasMessage(refusal);
    }

    private static byte[] encrypt(OAEPParameterSpec spec, byte[] m) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, rsa.getPublic(), spec);
        return c.doFinal(m);
    }
}
