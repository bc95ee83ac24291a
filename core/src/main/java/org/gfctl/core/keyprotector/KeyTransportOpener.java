package org.gfctl.core.keyprotector;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.secret.Secret;

/**
 * Opens an AuthEnvelopedData (RFC 5083, AES-GCM per RFC 5084) for one key transport recipient,
 * with the key decryption done by a {@link KeyTransportDecryptor}.
 *
 * <p>Bouncy Castle's recipients want a JCA private key they can use with one provider; a
 * TPM-resident binding key is not one, and a PKCS#11 token key cannot do OAEP through SunPKCS11,
 * so the structure is read directly: encrypted key → decryptor → AES-256-GCM over ciphertext ‖
 * MAC, with the DER of the authenticated attributes (if any) as additional data (RFC 5083 §2.2).
 * The recipient is the only one (a released key) or the one whose RecipientIdentifier names a
 * given certificate (issuer and serial number, as {@link Envelope} writes it; RFC 5652 §6.2.1).
 */
final class KeyTransportOpener {

    private KeyTransportOpener() {}

    /** The secret of a released key: its only recipient's key decrypted by {@code decryptor} (a TPM). */
    static Secret open(byte[] der, KeyTransportDecryptor decryptor) {
        AuthEnvelopedData data = parse(der);
        if (data.getRecipientInfos().size() != 1) {
            throw new InvalidFormatException("a released key has exactly one recipient, not "
                    + data.getRecipientInfos().size());
        }
        RecipientInfo ri = RecipientInfo.getInstance(data.getRecipientInfos().getObjectAt(0));
        if (!(ri.getInfo() instanceof KeyTransRecipientInfo k)) {
            throw new InvalidFormatException("a released key's recipient must use key transport (RSA-OAEP)");
        }
        return decrypt(data, k, decryptor, "the released key does not decrypt with this TPM's binding key");
    }

    /** The secret, with the key of recipient {@code cert} decrypted by {@code decryptor}. */
    static Secret open(byte[] der, X509Certificate cert, KeyTransportDecryptor decryptor) {
        AuthEnvelopedData data = parse(der);
        IssuerAndSerialNumber id = new IssuerAndSerialNumber(X500Name.getInstance(
                cert.getIssuerX500Principal().getEncoded()), cert.getSerialNumber());
        for (int i = 0; i < data.getRecipientInfos().size(); i++) {
            RecipientInfo ri = RecipientInfo.getInstance(data.getRecipientInfos().getObjectAt(i));
            if (ri.getInfo() instanceof KeyTransRecipientInfo k && !k.getRecipientIdentifier().isTagged()
                    && id.equals(IssuerAndSerialNumber.getInstance(k.getRecipientIdentifier().getId()))) {
                return decrypt(data, k, decryptor, "the private key does not open this key protector for "
                        + Certificates.subject(cert));
            }
        }
        throw new KeyRefusedException(Certificates.subject(cert) + " (sha256 " + Certificates.fingerprint(cert)
                + ") is not a recipient of this key protector");
    }

    private static AuthEnvelopedData parse(byte[] der) {
        try {
            AuthEnvelopedData data = AuthEnvelopedData.getInstance(ContentInfo.getInstance(der).getContent());
            GCMParameters.getInstance(data.getAuthEncryptedContentInfo().getContentEncryptionAlgorithm().getParameters());
            return data;
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new InvalidFormatException("not a CMS AuthEnvelopedData with AES-GCM: " + e.getMessage(), e);
        }
    }

    private static Secret decrypt(AuthEnvelopedData data, KeyTransRecipientInfo ktri, KeyTransportDecryptor decryptor,
            String refusal) {
        GCMParameters gcm = GCMParameters.getInstance(
                data.getAuthEncryptedContentInfo().getContentEncryptionAlgorithm().getParameters());
        byte[] cek = decryptor.decrypt(ktri.getEncryptedKey().getOctets());
        try {
            byte[] ciphertext = data.getAuthEncryptedContentInfo().getEncryptedContent().getOctets();
            byte[] mac = data.getMac().getOctets();
            byte[] input = Arrays.copyOf(ciphertext, ciphertext.length + mac.length);
            System.arraycopy(mac, 0, input, ciphertext.length, mac.length);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(gcm.getIcvLen() * 8, gcm.getNonce()));
            if (data.getAuthAttrs() != null) {
                c.updateAAD(data.getAuthAttrs().getEncoded(ASN1Encoding.DER));
            }
            return Secret.adopt(c.doFinal(input));
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyRefusedException(refusal + ": " + e.getMessage());
        } finally {
            Arrays.fill(cek, (byte) 0);
        }
    }
}
