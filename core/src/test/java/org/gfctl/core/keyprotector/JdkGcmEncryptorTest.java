package org.gfctl.core.keyprotector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.junit.jupiter.api.Test;

class JdkGcmEncryptorTest {

    @Test
    void parameters_areRfc5084WithA12ByteNonceAnd16ByteTag() {
        JdkGcmEncryptor e = JdkGcmEncryptor.create(new SecureRandom());
        assertThat(e.getAlgorithmIdentifier().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_aes256_GCM);
        GCMParameters p = GCMParameters.getInstance(e.getAlgorithmIdentifier().getParameters());
        assertThat(p.getNonce()).hasSize(12);
        assertThat(p.getIcvLen()).isEqualTo(16);
    }

    @Test
    void ciphertextAndMac_decryptWithTheJdk_underTheAdditionalData() throws Exception {
        JdkGcmEncryptor e = JdkGcmEncryptor.create(new SecureRandom());
        byte[] plain = "an unlock secret".getBytes(StandardCharsets.US_ASCII);
        byte[] aad = {1, 2, 3};
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        try (OutputStream out = e.getOutputStream(ciphertext)) {
            out.write(plain);
            e.getAADStream().write(aad); // after the content, as Bouncy Castle's generator writes it
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec((byte[]) e.getKey().getRepresentation(), "AES"),
                new GCMParameterSpec(128, GCMParameters.getInstance(e.getAlgorithmIdentifier().getParameters()).getNonce()));
        c.updateAAD(aad);
        c.update(ciphertext.toByteArray());
        assertThat(c.doFinal(e.getMAC())).isEqualTo(plain);
    }
}
