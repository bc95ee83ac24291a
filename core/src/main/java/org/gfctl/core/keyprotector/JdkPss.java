package org.gfctl.core.keyprotector;

import java.io.IOException;
import java.io.OutputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (RFC 4056) as Bouncy Castle CMS
 * operators that sign and verify with the JDK's {@code RSASSA-PSS} (SunRsaSign).
 *
 * <p>Bouncy Castle's own RSA checks every modulus it meets with Miller–Rabin rounds, ~0.2 s of a
 * cold JVM and most of a short {@code rotate-key}; the JDK's does not. BC's JCA builders cannot
 * simply be pointed at the JDK: they ask for {@code SHA256WITHRSASSA-PSS}, a name the JDK lacks
 * (it has {@code RSASSA-PSS} with a {@link PSSParameterSpec}). The algorithm identifier is the one
 * BC writes for {@code SHA256withRSAandMGF1}, so key protectors stay byte-for-byte the same shape.
 */
final class JdkPss {
    /** id-RSASSA-PSS with RSASSA-PSS-params {sha256, mgf1SHA256, saltLength 32} (RFC 4055 §3.1). */
    static final AlgorithmIdentifier ALGORITHM = new DefaultSignatureAlgorithmIdentifierFinder()
            .find("SHA256withRSAandMGF1");
    private static final PSSParameterSpec PARAMETERS = new PSSParameterSpec("SHA-256", "MGF1",
            MGF1ParameterSpec.SHA256, 32, PSSParameterSpec.TRAILER_FIELD_BC);

    private JdkPss() {}

    /** The JDK's RSASSA-PSS signature with this class's parameters, not yet initialised. */
    static Signature signature() throws GeneralSecurityException {
        return signature(null);
    }

    /**
     * {@code provider}'s RSASSA-PSS (null: the JDK's) with this class's parameters, not yet
     * initialised: the JDK and SunPKCS11 both take the parameters separately from the name.
     */
    static Signature signature(Provider provider) throws GeneralSecurityException {
        Signature s = provider == null ? Signature.getInstance("RSASSA-PSS") : Signature.getInstance("RSASSA-PSS", provider);
        s.setParameter(PARAMETERS);
        return s;
    }

    /** A CMS content signer for the software RSA key {@code key}. */
    static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        try {
            Signature s = signature();
            s.initSign(key);
            return new ContentSigner() {
                @Override
                public AlgorithmIdentifier getAlgorithmIdentifier() {
                    return ALGORITHM;
                }

                @Override
                public OutputStream getOutputStream() {
                    return new SignatureStream(s);
                }

                @Override
                public byte[] getSignature() {
                    try {
                        return s.sign();
                    } catch (SignatureException e) {
                        throw new RuntimeOperatorException("RSASSA-PSS signing failed: " + e.getMessage(), e);
                    }
                }
            };
        } catch (GeneralSecurityException e) {
            throw new OperatorCreationException("RSASSA-PSS signer: " + e.getMessage(), e);
        }
    }

    /**
     * Verifiers for {@code cert}'s key: RSASSA-PSS (any parameters the SignerInfo names) on the
     * JDK's implementation, other algorithms (ECDSA) through BC's JCA builder on the JDK's providers.
     */
    static ContentVerifierProvider verifiers(X509Certificate cert) throws OperatorCreationException {
        ContentVerifierProvider jca = new JcaContentVerifierProviderBuilder().build(cert);
        return new ContentVerifierProvider() {
            @Override
            public boolean hasAssociatedCertificate() {
                return jca.hasAssociatedCertificate();
            }

            @Override
            public X509CertificateHolder getAssociatedCertificate() {
                return jca.getAssociatedCertificate();
            }

            @Override
            public ContentVerifier get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
                if (!PKCSObjectIdentifiers.id_RSASSA_PSS.equals(algorithm.getAlgorithm())) {
                    return jca.get(algorithm);
                }
                return pssVerifier(algorithm, cert.getPublicKey());
            }
        };
    }

    private static ContentVerifier pssVerifier(AlgorithmIdentifier algorithm, PublicKey key)
            throws OperatorCreationException {
        try {
            Signature s = Signature.getInstance("RSASSA-PSS");
            AlgorithmParameters params = AlgorithmParameters.getInstance("RSASSA-PSS");
            params.init(algorithm.getParameters().toASN1Primitive().getEncoded());
            s.setParameter(params.getParameterSpec(PSSParameterSpec.class));
            s.initVerify(key);
            return new ContentVerifier() {
                @Override
                public AlgorithmIdentifier getAlgorithmIdentifier() {
                    return algorithm;
                }

                @Override
                public OutputStream getOutputStream() {
                    return new SignatureStream(s);
                }

                @Override
                public boolean verify(byte[] signature) {
                    try {
                        return s.verify(signature);
                    } catch (SignatureException e) {
                        return false;
                    }
                }
            };
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new OperatorCreationException("RSASSA-PSS verifier: " + e.getMessage(), e);
        }
    }

    /** Feeds what BC writes into a {@link Signature}. */
    private static final class SignatureStream extends OutputStream {
        private final Signature signature;

        SignatureStream(Signature signature) {
            this.signature = signature;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                signature.update(b, off, len);
            } catch (SignatureException e) {
                throw new RuntimeOperatorException("signature update failed: " + e.getMessage(), e);
            }
        }
    }
}
