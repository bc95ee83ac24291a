package org.gfctl.core.guardian;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keyprotector.RawRsaOaepDecryptor;
import org.gfctl.core.keyprotector.Signer;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.secret.Secret;

/**
 * A guardian private key with its certificate, and the JCA provider that holds the key.
 *
 * <p>{@code provider} is null for a software key (PKCS#12), and the PKCS#11 token's SunPKCS11
 * provider for a key that never leaves the token: every operation with the private key goes
 * through {@link #signer()} and {@link #open}/{@link #rewrap}, which pass the key to that provider.
 * {@code toString} shows only the certificate.
 */
public record KeyEntry(PrivateKey privateKey, X509Certificate certificate, Provider provider) {

    /** A software key. */
    public KeyEntry(PrivateKey privateKey, X509Certificate certificate) {
        this(privateKey, certificate, null);
    }

    /** Signs key protector metadata with this key. */
    public Signer signer() {
        return Signer.create(privateKey, certificate, provider);
    }

    /** The unlock secret of {@code kp}, opened as this key's certificate's recipient. */
    public Secret open(KeyProtector kp) {
        return rsa() ? kp.unwrap(certificate, decryptor()) : kp.unwrap(privateKey, certificate);
    }

    /** {@code kp}'s secret and metadata wrapped to {@code recipients} instead, opened with this key. */
    public KeyProtector rewrap(KeyProtector kp, List<X509Certificate> recipients, Signer signer) {
        return rsa() ? kp.rewrap(certificate, decryptor(), recipients, signer)
                : kp.rewrap(privateKey, certificate, recipients, signer);
    }

    /**
     * RSA keys (every generated guardian encryption key) decrypt through the raw RSA primitive of
     * their provider, which a PKCS#11 token offers (CKM_RSA_X_509) where SunPKCS11 offers no OAEP;
     * an EC key can only be a software key imported from a PKCS#12, opened by Bouncy Castle.
     */
    private boolean rsa() {
        return certificate.getPublicKey() instanceof RSAPublicKey;
    }

    private RawRsaOaepDecryptor decryptor() {
        return RawRsaOaepDecryptor.create(privateKey, (RSAPublicKey) certificate.getPublicKey(), provider);
    }

    @Override
    public String toString() {
        return "KeyEntry[" + Certificates.subject(certificate) + ", " + Certificates.fingerprint(certificate)
                + (provider == null ? "" : ", on " + provider.getName()) + "]";
    }
}
