package org.gfctl.core.keys;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * An owner's private key with its X.509 certificate, as loaded from the owner's PKCS#12 file.
 *
 * <p>The private key object is held as given (JCA keys cannot be wiped reliably); {@link
 * #toString()} shows only the certificate's subject and fingerprint.
 */
public final class OwnerKey {
    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private OwnerKey(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /** Pairs {@code privateKey} with {@code certificate}; both must be of the same algorithm. */
    public static OwnerKey create(PrivateKey privateKey, X509Certificate certificate) {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        String certAlg = certificate.getPublicKey().getAlgorithm();
        if (!certAlg.equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("owner key: the private key is " + privateKey.getAlgorithm()
                    + " but the certificate's key is " + certAlg);
        }
        return new OwnerKey(privateKey, certificate);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate's subject DN (RFC 2253 form). */
    public String subject() {
        return Certificates.subject(certificate);
    }

    /** SHA-256 of the certificate's DER encoding, lowercase hex. */
    public String fingerprint() {
        return Certificates.fingerprint(certificate);
    }

    @Override
    public String toString() {
        return "OwnerKey[" + subject() + ", sha256=" + fingerprint() + "]";
    }
}
