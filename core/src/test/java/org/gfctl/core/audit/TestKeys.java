package org.gfctl.core.audit;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.gfctl.core.guardian.KeyEntry;
import org.gfctl.core.keys.CertificateIssuer;

/** EC P-384 audit keys with self-signed certificates, as GuardianKeys makes them, without the RSA key. */
final class TestKeys {
    static final KeyEntry AUDIT = audit("CN=gfctl audit,O=test");
    static final KeyEntry OTHER = audit("CN=someone else,O=test");

    private TestKeys() {}

    static KeyEntry audit(String dn) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            KeyPair p = g.generateKeyPair();
            return new KeyEntry(p.getPrivate(), CertificateIssuer.selfSigned(p, new X500Principal(dn),
                    Duration.ofDays(30), KeyUsage.digitalSignature, false, "SHA384withECDSA"));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
