package org.gfctl.tpm.binding;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.gfctl.tpm.key.TpmPublic;

/**
 * Guardian side: encrypts small secrets to a host's binding key with RSA-OAEP-SHA256 (MGF1-SHA256,
 * empty label) in pure Java.
 *
 * <p>TPM 2.0 Part 3 §14.2-14.3: a non-empty OAEP label is a NUL-terminated string (the TPM appends
 * the NUL when missing), an empty label stays empty; so with an empty label JCA's OAEP
 * ({@code PSource.PSpecified.DEFAULT}) and TPM2_RSA_Decrypt agree, which the swtpm tests show.
 */
public final class BindingKeyEncryptor {
    private static final int FIXED_TPM = 1 << 1;
    private static final int RESTRICTED = 1 << 16;
    private static final int DECRYPT = 1 << 17;
    /** 2048-bit OAEP-SHA256: 256 - 2 * 32 - 2 bytes. */
    public static final int MAX_PLAINTEXT = 190;
    private static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);
    private final PublicKey key;

    private BindingKeyEncryptor(PublicKey key) {
        this.key = key;
    }

    /** An encryptor for the binding key {@code bindingKey}; refuses keys that are not TPM-bound decrypt keys. */
    public static BindingKeyEncryptor forKey(TpmPublic bindingKey) {
        int a = bindingKey.attributes();
        if (!bindingKey.isRsa() || (a & (FIXED_TPM | DECRYPT)) != (FIXED_TPM | DECRYPT) || (a & RESTRICTED) != 0) {
            throw new IllegalArgumentException(String.format("binding key: must be an RSA fixedTPM|decrypt key that is "
                    + "not restricted, attributes are 0x%08x", a));
        }
        return new BindingKeyEncryptor(bindingKey.publicKey());
    }

    /** RSA-OAEP-SHA256 ciphertext of {@code plaintext} (at most {@value #MAX_PLAINTEXT} bytes). */
    public byte[] encrypt(byte[] plaintext) {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("binding key: at most " + MAX_PLAINTEXT + " bytes can be encrypted, not "
                    + plaintext.length + "; wrap a symmetric key instead");
        }
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.ENCRYPT_MODE, key, OAEP);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP-SHA256 is available in every Java 17 runtime", e);
        }
    }
}
