package org.gfctl.core.keyprotector;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.secret.Secret;

/**
 * Opens an AuthEnvelopedData (RFC 5083, AES-GCM per RFC 5084) whose only recipient is a key
 * transport recipient, with the key decryption done by a {@link KeyTransportDecryptor}.
 *
 * <p>Bouncy Castle's recipients want a JCA private key; a TPM-resident binding key is not one, so
 * the structure is read directly: encrypted key → decryptor → AES-256-GCM over ciphertext ‖ MAC,
 * with the DER of the authenticated attributes (if any) as additional data (RFC 5083 §2.2).
 */
final class KeyTransportOpener {

    private KeyTransportOpener() {}

    static Secret open(byte[] der, KeyTransportDecryptor decryptor) {
        AuthEnvelopedData data;
        KeyTransRecipientInfo ktri;
        GCMParameters gcm;
        try {
            data = AuthEnvelopedData.getInstance(ContentInfo.getInstance(der).getContent());
            if (data.getRecipientInfos().size() != 1) {
                throw new InvalidFormatException("a released key has exactly one recipient, not "
                        + data.getRecipientInfos().size());
            }
            RecipientInfo ri = RecipientInfo.getInstance(data.getRecipientInfos().getObjectAt(0));
            if (!(ri.getInfo() instanceof KeyTransRecipientInfo k)) {
                throw new InvalidFormatException("a released key's recipient must use key transport (RSA-OAEP)");
            }
            ktri = k;
            gcm = GCMParameters.getInstance(data.getAuthEncryptedContentInfo().getContentEncryptionAlgorithm().getParameters());
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new InvalidFormatException("not a CMS AuthEnvelopedData with AES-GCM: " + e.getMessage(), e);
        }
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
            throw new KeyRefusedException("the released key does not decrypt with this TPM's binding key: " + e.getMessage());
        } finally {
            Arrays.fill(cek, (byte) 0);
        }
    }
}
