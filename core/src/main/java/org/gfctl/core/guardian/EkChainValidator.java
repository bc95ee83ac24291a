package org.gfctl.core.guardian;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gfctl.core.AttestationFailedException;
import org.gfctl.core.keys.Certificates;

/**
 * Validates an EK certificate against the fabric's trusted TPM vendor CAs (HGS's
 * TrustedTPM_RootCA and TrustedTPM_IntermediateCA stores): self-signed ones are trust anchors,
 * the others intermediates the path may use.
 *
 * <p>No revocation checking and no network fetches: a guardian must decide offline. Trusting a
 * vendor CA is an explicit admin act ({@code gfctl fabric trust-tpm-ca}).
 */
public final class EkChainValidator {

    private EkChainValidator() {}

    /** Returns the validated path's trust anchor, or throws (exit 3) saying why not. */
    public static X509Certificate validate(X509Certificate ek, List<X509Certificate> trusted) {
        Set<TrustAnchor> anchors = new HashSet<>();
        List<X509Certificate> intermediates = new ArrayList<>();
        for (X509Certificate c : trusted) {
            if (c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                anchors.add(new TrustAnchor(c, null));
            } else {
                intermediates.add(c);
            }
        }
        if (anchors.isEmpty()) {
            throw new AttestationFailedException("EK certificate: expected a chain to a trusted TPM root CA, but the fabric"
                    + " trusts none: add the vendor's root with 'gfctl fabric trust-tpm-ca ROOT.pem'");
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(ek);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            List<Object> pool = new ArrayList<>(intermediates);
            pool.add(ek);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult)
                    java.security.cert.CertPathBuilder.getInstance("PKIX").build(params);
            CertPathValidator.getInstance("PKIX").validate(result.getCertPath(), params);
            return result.getTrustAnchor().getTrustedCert();
        } catch (GeneralSecurityException e) {
            throw new AttestationFailedException("EK certificate: expected a chain to a trusted TPM CA, got "
                    + Certificates.subject(ek) + " issued by " + ek.getIssuerX500Principal().getName()
                    + ", which does not chain to any of the " + trusted.size() + " trusted TPM CAs (" + e.getMessage()
                    + "); trust its vendor CA with 'gfctl fabric trust-tpm-ca' if it is genuine");
        }
    }

    static CertificateFactory x509() throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509");
    }
}
