package org.gfctl.core.keyprotector;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.gfctl.core.Bug;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.keys.Certificates;

/**
 * Block 2 of a key protector: a CMS SignedData with the metadata document as attached content,
 * one signer, and the signer's certificate.
 *
 * <p>Attached content (RFC 5652 §5.2 eContent present) keeps the file self-contained, and {@code
 * openssl cms -verify} prints the document it checked. The signer certificate travels inside so
 * that an auditor needs nothing but the file to see who signed; the recipients' certificates
 * travel in the same {@code certificates} set (RFC 5652 §5.1 allows more than needed), so that a
 * rewrap or a re-keying can wrap again to every recipient without asking for their files.
 */
final class SignedMetadata {
    private final CMSSignedData signed;
    private final byte[] content;

    private SignedMetadata(CMSSignedData signed, byte[] content) {
        this.signed = signed;
        this.content = content;
    }

    static SignedMetadata sign(byte[] document, Signer signer, List<X509Certificate> recipients) {
        try {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            var digests = new JcaDigestCalculatorProviderBuilder().build();
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(digests).build(signer.contentSigner(),
                    signer.certificate()));
            java.util.LinkedHashMap<String, X509Certificate> certs = new java.util.LinkedHashMap<>();
            certs.put(Certificates.fingerprint(signer.certificate()), signer.certificate());
            recipients.forEach(c -> certs.putIfAbsent(Certificates.fingerprint(c), c));
            gen.addCertificates(new JcaCertStore(List.copyOf(certs.values())));
            CMSSignedData data = gen.generate(new CMSProcessableByteArray(document), true);
            return new SignedMetadata(new CMSSignedData(data.toASN1Structure().getEncoded(ASN1Encoding.DER)),
                    document.clone());
        } catch (CMSException | OperatorCreationException | CertificateException | IOException e) {
            throw new Bug("signing key protector metadata failed", e);
        }
    }

    static SignedMetadata parse(byte[] der) {
        try {
            CMSSignedData signed = new CMSSignedData(der);
            CMSTypedData content = signed.getSignedContent();
            if (content == null || !(content.getContent() instanceof byte[] bytes)) {
                throw new InvalidFormatException("key protector: block 2 carries no attached metadata");
            }
            if (signed.getSignerInfos().size() != 1) {
                throw new InvalidFormatException("key protector: block 2 must have exactly one signer, not "
                        + signed.getSignerInfos().size());
            }
            return new SignedMetadata(signed, bytes);
        } catch (CMSException | RuntimeException e) {
            if (e instanceof InvalidFormatException ife) {
                throw ife;
            }
            throw new InvalidFormatException("key protector: block 2 is not a CMS SignedData", e);
        }
    }

    /** The signed document, not yet verified. */
    byte[] content() {
        return content.clone();
    }

    byte[] encoded() {
        try {
            return signed.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new Bug("re-encoding parsed CMS failed", e);
        }
    }

    /** Every certificate carried in the SignedData (signer and, since recipients travel too, theirs). */
    List<X509Certificate> certificates() {
        JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
        java.util.ArrayList<X509Certificate> out = new java.util.ArrayList<>();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> all = signed.getCertificates().getMatches(null);
        for (X509CertificateHolder h : all) {
            try {
                out.add(conv.getCertificate(h));
            } catch (CertificateException e) {
                throw new InvalidFormatException("key protector: block 2 carries a malformed certificate", e);
            }
        }
        return out;
    }

    /** Checks the signature with the certificate carried inside; returns that certificate. */
    SignedBy verify() {
        SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> certs = signed.getCertificates().getMatches(signer.getSID());
        if (certs.size() != 1) {
            throw new IntegrityException("key protector: the signature does not carry its signer's certificate");
        }
        try {
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(certs.iterator().next());
            boolean ok = signer.verify(new SignerInformationVerifier(new DefaultCMSSignatureAlgorithmNameGenerator(),
                    new DefaultSignatureAlgorithmIdentifierFinder(), JdkPss.verifiers(cert),
                    new JcaDigestCalculatorProviderBuilder().build()));
            if (!ok) {
                throw new IntegrityException("key protector: the metadata signature does not verify");
            }
            return new SignedBy(Certificates.subject(cert), Certificates.fingerprint(cert), cert);
        } catch (CMSException | OperatorCreationException | CertificateException e) {
            throw new IntegrityException("key protector: the metadata signature does not verify ("
                    + e.getMessage() + ")", e);
        }
    }
}
