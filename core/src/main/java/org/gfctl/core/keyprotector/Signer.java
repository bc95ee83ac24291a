package org.gfctl.core.keyprotector;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.gfctl.core.UsageException;
import org.gfctl.core.internal.BouncyCastle;
import org.gfctl.core.keys.Certificates;

/**
 * A private key and its certificate, used to sign a key protector's metadata.
 *
 * <p>The owner signs when it shields its own VM; a guardian signs when it shields for an owner of
 * whom it holds only the certificate (DESIGN.md "Key protector"). RSA keys sign with RSASSA-PSS,
 * SHA-256, MGF1-SHA-256 (RFC 8017 §8.1, in CMS per RFC 4056); EC keys with ECDSA over SHA-384
 * (RFC 5753 §2.1.1). The pairing is checked when the signer is created, not when a signature
 * fails to verify later.
 */
public final class Signer {
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String algorithm;

    private Signer(PrivateKey key, X509Certificate certificate, String algorithm) {
        this.key = key;
        this.certificate = certificate;
        this.algorithm = algorithm;
    }

    /** A signer for {@code key}, which must be the private key of {@code certificate}. */
    public static Signer create(PrivateKey key, X509Certificate certificate) {
        String algorithm;
        if (certificate.getPublicKey() instanceof RSAPublicKey) {
            algorithm = "SHA256withRSAandMGF1";
        } else if (certificate.getPublicKey() instanceof ECPublicKey) {
            algorithm = "SHA384withECDSA";
        } else {
            throw new UsageException("signer key algorithm must be RSA or EC, not "
                    + certificate.getPublicKey().getAlgorithm());
        }
        if (!matches(key, certificate, algorithm)) {
            throw new UsageException("signer: the private key does not belong to " + Certificates.subject(certificate));
        }
        return new Signer(key, certificate, algorithm);
    }

    private static boolean matches(PrivateKey key, X509Certificate cert, String algorithm) {
        byte[] probe = "gfctl signer key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            Signature s = Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    PrivateKey key() {
        return key;
    }

    /** The JCA signature algorithm name (Bouncy Castle provider). */
    String algorithm() {
        return algorithm;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    @Override
    public String toString() {
        return "Signer[" + Certificates.subject(certificate) + ", " + algorithm + "]";
    }
}
