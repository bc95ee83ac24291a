package org.gfctl.tpm.identity;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import org.gfctl.tpm.key.TpmPublic;

/**
 * A TPM's endorsement identity: its EK public area together with the vendor certificate that
 * certifies exactly that key.
 *
 * <p>The factory enforces the binding of TCG EK Credential Profile 2.0 §2.1.5 (the certificate's
 * subject public key is the EK created from the default template), so holding an EkIdentity means
 * the check was done. Validating the certificate chain is the guardian's job.
 */
public final class EkIdentity {
    private static final BigInteger RSA_DEFAULT_EXPONENT = BigInteger.valueOf(65537);
    private final TpmPublic ekPublic;
    private final X509Certificate certificate;

    private EkIdentity(TpmPublic ekPublic, X509Certificate certificate) {
        this.ekPublic = ekPublic;
        this.certificate = certificate;
    }

    /**
     * Binds {@code ekPublic} to {@code certificate}.
     *
     * @throws EkCertificateMismatchException when the certificate is for a different key
     */
    public static EkIdentity create(TpmPublic ekPublic, X509Certificate certificate) {
        Objects.requireNonNull(ekPublic, "ekPublic");
        Objects.requireNonNull(certificate, "certificate");
        PublicKey certKey = certificate.getPublicKey();
        if (ekPublic.isRsa()) {
            if (!(certKey instanceof RSAPublicKey rsa)) {
                throw mismatch(certificate, "the certificate holds a " + certKey.getAlgorithm() + " key, the EK is RSA");
            }
            BigInteger modulus = new BigInteger(1, ekPublic.rsaModulus());
            if (!rsa.getModulus().equals(modulus)) {
                throw mismatch(certificate, "the certificate's RSA modulus differs from the EK's");
            }
            if (!rsa.getPublicExponent().equals(RSA_DEFAULT_EXPONENT)) {
                throw mismatch(certificate, "the certificate's RSA exponent is " + rsa.getPublicExponent()
                        + ", the EK's is 65537");
            }
        } else if (!MessageDigest.isEqual(certKey.getEncoded(), ekPublic.publicKey().getEncoded())) {
            throw mismatch(certificate, "the certificate's EC public key differs from the EK's");
        }
        return new EkIdentity(ekPublic, certificate);
    }

    public TpmPublic ekPublic() {
        return ekPublic;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    private static EkCertificateMismatchException mismatch(X509Certificate cert, String why) {
        return new EkCertificateMismatchException("EK certificate '" + cert.getSubjectX500Principal()
                + "' (serial " + cert.getSerialNumber().toString(16) + ") does not certify this TPM's EK: " + why
                + "; the NV index was re-provisioned or the endorsement seed changed: re-provision the EK certificate"
                + " from the TPM vendor");
    }
}
