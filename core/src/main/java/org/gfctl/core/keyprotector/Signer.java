package org.gfctl.core.keyprotector;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
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
 * fails to verify later. Software RSA keys sign with the JDK ({@link JdkPss}: Bouncy Castle's RSA
 * costs a cold JVM ~0.2 s of modulus checks); software EC keys with Bouncy Castle.
 */
public final class Signer {
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String algorithm;
    private final Provider provider;

    private static final String RSA_PSS = "SHA256withRSAandMGF1";

    private Signer(PrivateKey key, X509Certificate certificate, String algorithm, Provider provider) {
        this.key = key;
        this.certificate = certificate;
        this.algorithm = algorithm;
        this.provider = provider;
    }

    /** A signer for {@code key}, which must be the private key of {@code certificate}. */
    public static Signer create(PrivateKey key, X509Certificate certificate) {
        return create(key, certificate, null);
    }

    /**
     * A signer for {@code key} held by {@code provider}, such as a PKCS#11 token's SunPKCS11
     * provider (null: a software key, signed by the JDK if RSA, by Bouncy Castle if EC).
     */
    public static Signer create(PrivateKey key, X509Certificate certificate, Provider provider) {
        String algorithm;
        if (certificate.getPublicKey() instanceof RSAPublicKey) {
            algorithm = RSA_PSS;
        } else if (certificate.getPublicKey() instanceof ECPublicKey) {
            algorithm = "SHA384withECDSA";
        } else {
            throw new UsageException("signer key algorithm must be RSA or EC, not "
                    + certificate.getPublicKey().getAlgorithm());
        }
        boolean rsa = algorithm.equals(RSA_PSS);
        Provider signing = provider != null || rsa ? provider : BouncyCastle.PROVIDER;
        if (!matches(key, certificate, algorithm, signing)) {
            throw new UsageException("signer: the private key does not belong to " + Certificates.subject(certificate));
        }
        return new Signer(key, certificate, algorithm, signing);
    }

    private static boolean matches(PrivateKey key, X509Certificate cert, String algorithm, Provider provider) {
        if (key instanceof RSAPrivateCrtKey k && cert.getPublicKey() instanceof RSAPublicKey p) {
            // a software RSA key names its public half: no trial signature (a cold 3072-bit one
            // costs a noticeable part of a short shield-vm)
            return k.getModulus().equals(p.getModulus()) && k.getPublicExponent().equals(p.getPublicExponent());
        }
        byte[] probe = "gfctl signer key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            Signature s = signature(algorithm, provider);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = algorithm.equals(RSA_PSS) ? JdkPss.signature()
                    : Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The JCA signature for {@code algorithm} in {@code provider} (null: the JDK's). The JDK and
     * SunPKCS11 name RSASSA-PSS {@code RSASSA-PSS} and take the parameters separately (RFC 4056 values).
     */
    private static Signature signature(String algorithm, Provider provider) throws GeneralSecurityException {
        if (!algorithm.equals(RSA_PSS)) {
            return Signature.getInstance(algorithm, provider);
        }
        return JdkPss.signature(provider);
    }

    /**
     * The CMS content signer: the JDK's RSASSA-PSS for a software RSA key, else BC's JCA builder
     * with the key's provider (Bouncy Castle for a software EC key, or the token holding the key).
     */
    ContentSigner contentSigner() throws OperatorCreationException {
        if (provider == null) {
            return JdkPss.signer(key);
        }
        return new JcaContentSignerBuilder(algorithm).setProvider(provider).build(key);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    @Override
    public String toString() {
        return "Signer[" + Certificates.subject(certificate) + ", " + algorithm + "]";
    }
}
