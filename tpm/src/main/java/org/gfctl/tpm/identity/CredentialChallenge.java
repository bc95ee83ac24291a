package org.gfctl.tpm.identity;

import java.util.Arrays;
import java.util.Objects;
import org.gfctl.tpm.TpmFormatException;
import org.gfctl.tpm.key.TpmPublic;
import tss.Tss;
import tss.tpm.TPM2B_ENCRYPTED_SECRET;
import tss.tpm.TPM2B_ID_OBJECT;
import tss.tpm.TPMS_ID_OBJECT;

/**
 * A credential-activation challenge (MakeCredential done in software): a secret that only the TPM
 * holding {@code ekPublic} can recover, and only for a loaded key named {@code akName}.
 *
 * <p>TPM 2.0 Part 1 §24: the seed is RSA-OAEP-encrypted to the EK with label "IDENTITY"; the
 * secret is AES-CFB-encrypted and HMACed with keys derived from the seed and the AK's name, so
 * ActivateCredential fails unless EK and AK sit in the same TPM. The guardian makes this without
 * any TPM, using TSS.Java's {@code Tss.createActivationCredential}.
 */
public final class CredentialChallenge {
    private static final int MAX_SECRET = 32;
    private final byte[] idObject;
    private final byte[] encryptedSecret;

    private CredentialChallenge(byte[] idObject, byte[] encryptedSecret) {
        this.idObject = idObject;
        this.encryptedSecret = encryptedSecret;
    }

    /** Makes a challenge carrying {@code secret} (1 to 32 bytes) for the AK named {@code akName}. */
    public static CredentialChallenge create(TpmPublic ekPublic, byte[] akName, byte[] secret) {
        Objects.requireNonNull(ekPublic, "ekPublic");
        if (!ekPublic.isRsa()) {
            throw new IllegalArgumentException("credential challenge: only RSA EKs are supported, not " + ekPublic);
        }
        if (secret.length < 1 || secret.length > MAX_SECRET) {
            throw new IllegalArgumentException("credential challenge: the secret must be 1 to 32 bytes, not "
                    + secret.length);
        }
        if (akName.length != 34 || akName[0] != 0x00 || akName[1] != 0x0B) {
            throw new IllegalArgumentException("credential challenge: the AK name must be a 34-byte SHA-256 TPM name");
        }
        Tss.ActivationCredential c = Tss.createActivationCredential(ekPublic.tss(), akName.clone(), secret.clone());
        return new CredentialChallenge(new TPM2B_ID_OBJECT(c.CredentialBlob).toBytes(),
                new TPM2B_ENCRYPTED_SECRET(c.Secret).toBytes());
    }

    /** Wraps a received challenge: a {@code TPM2B_ID_OBJECT} and a {@code TPM2B_ENCRYPTED_SECRET}. */
    public static CredentialChallenge parse(byte[] tpm2bIdObject, byte[] tpm2bEncryptedSecret) {
        checkSized("TPM2B_ID_OBJECT", tpm2bIdObject);
        checkSized("TPM2B_ENCRYPTED_SECRET", tpm2bEncryptedSecret);
        try {
            TPMS_ID_OBJECT id = TPM2B_ID_OBJECT.fromBytes(tpm2bIdObject.clone()).credential;
            if (!Arrays.equals(new TPM2B_ID_OBJECT(id).toBytes(), tpm2bIdObject)) {
                throw new TpmFormatException("TPM2B_ID_OBJECT: inner sizes do not add up");
            }
        } catch (RuntimeException e) {
            throw e instanceof TpmFormatException f ? f
                    : new TpmFormatException("TPM2B_ID_OBJECT: malformed (" + e.getMessage() + ")", e);
        }
        return new CredentialChallenge(tpm2bIdObject.clone(), tpm2bEncryptedSecret.clone());
    }

    /** The credential blob, a marshalled {@code TPM2B_ID_OBJECT}. */
    public byte[] idObject() {
        return idObject.clone();
    }

    /** The EK-encrypted seed, a marshalled {@code TPM2B_ENCRYPTED_SECRET}. */
    public byte[] encryptedSecret() {
        return encryptedSecret.clone();
    }

    TPMS_ID_OBJECT tssIdObject() {
        return TPM2B_ID_OBJECT.fromBytes(idObject.clone()).credential;
    }

    byte[] tssEncryptedSecret() {
        return Arrays.copyOfRange(encryptedSecret, 2, encryptedSecret.length);
    }

    private static void checkSized(String what, byte[] b) {
        if (b.length < 2 || (((b[0] & 0xff) << 8) | (b[1] & 0xff)) != b.length - 2) {
            throw new TpmFormatException(what + ": the size field does not match the " + b.length + " bytes given");
        }
    }
}
