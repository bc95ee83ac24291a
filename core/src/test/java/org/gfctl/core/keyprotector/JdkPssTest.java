package org.gfctl.core.keyprotector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.HexFormat;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.gfctl.core.internal.BouncyCastle;
import org.gfctl.core.keys.KeyType;
import org.gfctl.core.keys.OwnerKey;
import org.gfctl.core.keys.TestOwners;
import org.junit.jupiter.api.Test;

class JdkPssTest {
    private static final OwnerKey RSA = TestOwners.key(KeyType.RSA3072);
    private static final byte[] DATA = "metadata document".getBytes(StandardCharsets.US_ASCII);

    @Test
    void algorithmIdentifier_isTheRfc4056EncodingBouncyCastleWrote() throws Exception {
        // id-RSASSA-PSS, {[0] sha256 NULL, [1] mgf1 {sha256 NULL}, [2] 32}: RFC 4055 §3.1, trailer default
        assertThat(HexFormat.of().formatHex(JdkPss.ALGORITHM.getEncoded("DER"))).isEqualTo("304106092a864886f70d01010a"
                + "3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500"
                + "a203020120");
    }

    @Test
    void jdkSignature_verifiesWithBouncyCastle() throws Exception {
        ContentSigner signer = JdkPss.signer(RSA.privateKey());
        try (OutputStream out = signer.getOutputStream()) {
            out.write(DATA);
        }
        Signature bc = Signature.getInstance("SHA256withRSAandMGF1", BouncyCastle.PROVIDER);
        bc.initVerify(RSA.certificate().getPublicKey());
        bc.update(DATA);
        assertThat(bc.verify(signer.getSignature())).isTrue();
    }

    @Test
    void bouncyCastleSignature_verifiesWithTheJdk_andATamperedOneDoesNot() throws Exception {
        ContentSigner bc = new JcaContentSignerBuilder("SHA256withRSAandMGF1").setProvider(BouncyCastle.PROVIDER)
                .build(RSA.privateKey());
        try (OutputStream out = bc.getOutputStream()) {
            out.write(DATA);
        }
        byte[] signature = bc.getSignature();
        var verifiers = JdkPss.verifiers(RSA.certificate());
        assertThat(verifiers.getAssociatedCertificate()).isEqualTo(new X509CertificateHolder(RSA.certificate().getEncoded()));
        assertThat(verify(verifiers.get(bc.getAlgorithmIdentifier()), DATA, signature)).isTrue();
        byte[] other = DATA.clone();
        other[0] ^= 1;
        assertThat(verify(verifiers.get(bc.getAlgorithmIdentifier()), other, signature)).isFalse();
    }

    private static boolean verify(ContentVerifier v, byte[] data, byte[] signature) throws Exception {
        try (OutputStream out = v.getOutputStream()) {
            out.write(data);
        }
        return v.verify(signature);
    }
}
