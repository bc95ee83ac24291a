package org.gfctl.core.keyprotector;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientId;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;
import org.gfctl.core.Bug;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.UsageException;
import org.gfctl.core.internal.BouncyCastle;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.secret.Secret;

/**
 * Block 1 of a key protector: the unlock secret in a CMS AuthEnvelopedData (AES-256-GCM) with
 * one recipient per certificate.
 *
 * <p>RFC 5083 AuthEnvelopedData with RFC 5084 AES-GCM authenticates the ciphertext, and OpenSSL 3
 * decrypts it with {@code openssl cms -decrypt}. Recipients (RFC 5652 §6.2): RSA keys get
 * KeyTransRecipientInfo with RSAES-OAEP, SHA-256 and MGF1-SHA-256 (RFC 8017 §7.1, RFC 4055);
 * EC keys get KeyAgreeRecipientInfo with ephemeral-static ECDH, the X9.63 SHA-384 KDF and AES-256
 * key wrap (dhSinglePass-stdDH-sha384kdf-scheme, RFC 5753 §3.1), a fresh ephemeral key each.
 *
 * <p>RSA-OAEP and AES-GCM run on the JDK (SunJCE; {@link JdkGcmEncryptor}), ECDH on Bouncy
 * Castle's provider: BC's RSA checks every modulus with Miller–Rabin rounds, ~0.2 s of a cold
 * JVM, and a short command that needs no EC key then never sets up BC's provider or crypto services.
 */
final class Envelope {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec("SHA-256", "MGF1",
            MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private Envelope() {}

    /** The DER (not BER, as BC writes by default) ContentInfo of an AuthEnvelopedData holding {@code secret} for each recipient. */
    static byte[] seal(Secret secret, List<X509Certificate> recipients) {
        if (recipients.isEmpty()) {
            throw new UsageException("a key protector needs at least one recipient certificate");
        }
        try {
            CMSAuthEnvelopedDataGenerator gen = new CMSAuthEnvelopedDataGenerator();
            for (X509Certificate cert : recipients) {
                if (cert.getPublicKey() instanceof RSAPublicKey) {
                    gen.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(cert, oaepSha256()));
                } else if (cert.getPublicKey() instanceof ECPublicKey ec) {
                    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
                    kpg.initialize(namedCurve(ec));
                    KeyPair ephemeral = kpg.generateKeyPair();
                    gen.addRecipientInfoGenerator(new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA384KDF,
                            ephemeral.getPrivate(), ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP)
                            .addRecipient(cert).setProvider(BouncyCastle.PROVIDER));
                } else {
                    throw new UsageException("recipient " + Certificates.subject(cert) + ": key algorithm must be"
                            + " RSA or EC, not " + cert.getPublicKey().getAlgorithm());
                }
            }
            CMSAuthEnvelopedData data = gen.generate(new CMSProcessableByteArray(secret.bytes()),
                    JdkGcmEncryptor.create(RANDOM));
            return data.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | CMSException | IOException e) {
            throw new Bug("building the CMS envelope failed", e);
        }
    }

    /** Checks that {@code der} parses as an AuthEnvelopedData. */
    static void check(byte[] der) {
        parse(der);
    }

    /** The secret, decrypted with {@code key} as the recipient named by {@code cert}. */
    static Secret open(byte[] der, PrivateKey key, X509Certificate cert) {
        RecipientInformationStore recipients = parse(der).getRecipientInfos();
        boolean rsa = cert.getPublicKey() instanceof RSAPublicKey;
        RecipientId id = rsa ? new JceKeyTransRecipientId(cert) : new JceKeyAgreeRecipientId(cert);
        RecipientInformation info = recipients.get(id);
        if (info == null) {
            throw new KeyRefusedException(Certificates.subject(cert) + " (sha256 " + Certificates.fingerprint(cert)
                    + ") is not a recipient of this key protector");
        }
        try {
            if (rsa && info.getKeyEncryptionAlgorithm().equals(oaepSha256())) {
                // as gfctl writes it: the JDK's RSA and AES-GCM (see the class comment)
                return KeyTransportOpener.open(der, cert, encryptedKey -> oaepDecrypt(key, encryptedKey));
            }
            Recipient recipient = rsa
                    ? new JceKeyTransEnvelopedRecipient(key).setProvider(BouncyCastle.PROVIDER)
                    : new JceKeyAgreeEnvelopedRecipient(key).setProvider(BouncyCastle.PROVIDER);
            return Secret.adopt(info.getContent(recipient));
        } catch (CMSException | GeneralSecurityException | RuntimeException e) {
            throw new KeyRefusedException("the private key does not open this key protector for "
                    + Certificates.subject(cert) + "; is it the key of that certificate?");
        }
    }

    /** RSAES-OAEP-SHA256 decryption (MGF1-SHA-256, empty label) with the JDK's SunJCE. */
    private static byte[] oaepDecrypt(PrivateKey key, byte[] encryptedKey) {
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.DECRYPT_MODE, key, OAEP_SHA256);
            return c.doFinal(encryptedKey);
        } catch (GeneralSecurityException e) {
            throw new KeyRefusedException("the key does not open this RSA-OAEP-SHA256 recipient");
        }
    }

    private static CMSAuthEnvelopedData parse(byte[] der) {
        try {
            return new CMSAuthEnvelopedData(der);
        } catch (CMSException | RuntimeException e) {
            throw new InvalidFormatException("key protector: block 1 is not a CMS AuthEnvelopedData", e);
        }
    }

    /** The recipient's named curve, so that the ephemeral key is encoded with the curve's OID. */
    private static ECGenParameterSpec namedCurve(ECPublicKey key) {
        ASN1Encodable params = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm().getParameters();
        if (!(params instanceof ASN1ObjectIdentifier curve)) {
            throw new UsageException("recipient EC keys must be on a named curve, not explicit parameters");
        }
        return new ECGenParameterSpec(curve.getId());
    }

    private static AlgorithmIdentifier oaepSha256() throws GeneralSecurityException {
        return new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                OAEP_SHA256);
    }
}
