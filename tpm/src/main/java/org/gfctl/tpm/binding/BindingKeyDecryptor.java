package org.gfctl.tpm.binding;

import java.security.SecureRandom;
import org.gfctl.tpm.TpmCommandException;
import org.gfctl.tpm.internal.PolicySessions;
import org.gfctl.tpm.internal.TpmCalls;
import org.gfctl.tpm.key.LoadedKey;
import org.gfctl.tpm.key.Srk;
import tss.Tpm;
import tss.tpm.TPMS_NULL_ASYM_SCHEME;
import tss.tpm.TPM_HANDLE;

/**
 * Host side: decrypts data wrapped to a {@link BindingKey} inside the TPM with TPM2_RSA_Decrypt
 * (TPM 2.0 Part 3 §14.3), the key's OAEP-SHA256 scheme and an empty label.
 *
 * <p>A PCR-bound key is used through a policy session that runs TPM2_PolicyPCR over the key's PCRs
 * with an empty expected digest, so the TPM takes the current values; if they differ from those
 * at creation, the session's digest misses the key's authPolicy and the TPM refuses.
 */
public final class BindingKeyDecryptor {
    private static final SecureRandom RANDOM = new SecureRandom();

    private BindingKeyDecryptor() {}

    /** Re-creates the SRK, loads the key, decrypts and flushes everything again. */
    public static byte[] decrypt(Tpm tpm, BindingKey key, byte[] ciphertext) {
        LoadedKey loaded;
        try (LoadedKey srk = Srk.create(tpm)) {
            loaded = key.blob().load(tpm, srk);
        }
        try (loaded) {
            return decrypt(tpm, loaded, key, ciphertext);
        }
    }

    /**
     * Decrypts with an already loaded binding key. The caller owns the returned plaintext.
     *
     * @throws BindingKeyPolicyException when the PCRs changed since the key was created
     * @throws BindingKeyDecryptException when the ciphertext is not for this key
     */
    public static byte[] decrypt(Tpm tpm, LoadedKey loaded, BindingKey key, byte[] ciphertext) {
        if (key.policyPcrs().isEmpty()) {
            return rsaDecrypt(tpm, loaded, ciphertext, null);
        }
        TPM_HANDLE session = PolicySessions.start(tpm, RANDOM);
        try {
            TpmCalls.run(tpm, "TPM2_PolicyPCR", "is the SHA-256 PCR bank active?",
                    () -> tpm.PolicyPCR(session, new byte[0], key.policyPcrs().get().tss()));
            return rsaDecrypt(tpm, loaded, ciphertext, session);
        } finally {
            TpmCalls.flushQuietly(tpm, session);
        }
    }

    private static byte[] rsaDecrypt(Tpm tpm, LoadedKey loaded, byte[] ciphertext, TPM_HANDLE session) {
        try {
            return TpmCalls.call(tpm, "TPM2_RSA_Decrypt", "was the data encrypted to this binding key?", () -> {
                Tpm t = session == null ? tpm : tpm._withSession(session);
                return t.RSA_Decrypt(loaded.handle(), ciphertext.clone(), new TPMS_NULL_ASYM_SCHEME(), new byte[0]);
            });
        } catch (TpmCommandException e) {
            if (e.responseCode().contains("POLICY_FAIL") || e.responseCode().contains("PCR_CHANGED")) {
                throw new BindingKeyPolicyException("the binding key's PCR policy no longer holds (" + e.responseCode()
                        + "): PCRs " + loadedPolicy(loaded) + " changed since the key was created; the host must "
                        + "re-attest and get a new binding key and health certificate", e);
            }
            throw new BindingKeyDecryptException("the TPM could not decrypt with the binding key (" + e.responseCode()
                    + "): the data was not RSA-OAEP-SHA256-encrypted to this key or was damaged", e);
        }
    }

    private static String loadedPolicy(LoadedKey loaded) {
        return "of policy " + java.util.HexFormat.of().formatHex(loaded.publicArea().authPolicy());
    }
}
