package org.gfctl.core.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.gfctl.core.Bug;

/**
 * Issues X.509 v3 certificates: self-signed ones for owner and guardian keys, and CA-signed ones
 * such as health certificates.
 *
 * <p>Every certificate gets a 159-bit random serial (RFC 5280 §4.1.2.2: positive, at most 20
 * octets), a subject key identifier, critical basic constraints and key usage, and, when issued
 * by a CA, the CA's authority key identifier so that {@code openssl verify} can build the chain.
 */
public final class CertificateIssuer {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An extra extension to add: OID, criticality, value. */
    public record Ext(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {}

    private CertificateIssuer() {}

    /** A self-signed certificate; {@code ca} makes it a CA that may sign end-entity certificates only. */
    public static X509Certificate selfSigned(KeyPair pair, X500Principal subject, Duration validity, int keyUsage,
            boolean ca, String signatureAlgorithm) {
        return selfSigned(pair, subject, validity, keyUsage, ca, signatureAlgorithm, null);
    }

    /** As {@link #selfSigned(KeyPair, X500Principal, Duration, int, boolean, String)}, signed by {@code provider}. */
    public static X509Certificate selfSigned(KeyPair pair, X500Principal subject, Duration validity, int keyUsage,
            boolean ca, String signatureAlgorithm, Provider provider) {
        return issue(pair.getPrivate(), provider, null, subject, pair.getPublic(), subject, Instant.now(), validity,
                keyUsage, ca, signatureAlgorithm, List.of());
    }

    /** A certificate for {@code subjectKey} signed by {@code issuerKey}/{@code issuerCert}. */
    public static X509Certificate issue(PrivateKey issuerKey, X509Certificate issuerCert, X500Principal subject,
            PublicKey subjectKey, Instant notBefore, Duration validity, int keyUsage, String signatureAlgorithm,
            List<Ext> extensions) {
        return issue(issuerKey, null, issuerCert, subject, subjectKey, notBefore, validity, keyUsage, signatureAlgorithm,
                extensions);
    }

    /**
     * As {@link #issue(PrivateKey, X509Certificate, X500Principal, PublicKey, Instant, Duration, int, String, List)},
     * signed by {@code provider}, the holder of {@code issuerKey} (a PKCS#11 token; null: the JDK's providers).
     */
    public static X509Certificate issue(PrivateKey issuerKey, Provider provider, X509Certificate issuerCert,
            X500Principal subject, PublicKey subjectKey, Instant notBefore, Duration validity, int keyUsage,
            String signatureAlgorithm, List<Ext> extensions) {
        return issue(issuerKey, provider, issuerCert, issuerCert.getSubjectX500Principal(), subjectKey, subject,
                notBefore, validity, keyUsage, false, signatureAlgorithm, extensions);
    }

    /** The signature algorithm that fits a private key: SHA384withECDSA or SHA384withRSA. */
    public static String signatureAlgorithmFor(PrivateKey key) {
        return "EC".equals(key.getAlgorithm()) ? "SHA384withECDSA" : "SHA384withRSA";
    }

    private static X509Certificate issue(PrivateKey signingKey, Provider provider, X509Certificate issuerCert,
            X500Principal issuer,
            PublicKey subjectKey, X500Principal subject, Instant notBefore, Duration validity, int keyUsage, boolean ca,
            String signatureAlgorithm, List<Ext> extensions) {
        BigInteger serial = new BigInteger(159, RANDOM).setBit(158);
        Date from = Date.from(notBefore.minus(Duration.ofMinutes(5)));
        Date to = Date.from(notBefore.plus(validity));
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, from, to, subject, subjectKey);
            b.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(0) : new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            if (issuerCert != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerCert));
            }
            for (Ext e : new ArrayList<>(extensions)) {
                b.addExtension(e.oid(), e.critical(), e.value());
            }
            JcaContentSignerBuilder builder = new JcaContentSignerBuilder(signatureAlgorithm);
            var signer = (provider == null ? builder : builder.setProvider(provider)).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new Bug("issuing a certificate for " + subject + " failed", e);
        }
    }
}
