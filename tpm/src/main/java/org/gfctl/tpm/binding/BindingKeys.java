package org.gfctl.tpm.binding;

import java.util.Optional;
import org.gfctl.tpm.key.ChildKeys;
import org.gfctl.tpm.key.LoadedKey;
import org.gfctl.tpm.pcr.PcrPolicy;
import org.gfctl.tpm.pcr.PcrValues;
import tss.Tpm;
import tss.tpm.TPM2B_PUBLIC_KEY_RSA;
import tss.tpm.TPMA_OBJECT;
import tss.tpm.TPMS_ENC_SCHEME_OAEP;
import tss.tpm.TPMS_RSA_PARMS;
import tss.tpm.TPMT_PUBLIC;
import tss.tpm.TPMT_SYM_DEF_OBJECT;
import tss.tpm.TPM_ALG_ID;

/**
 * Creates binding keys: RSA-2048 RSAES-OAEP-SHA256 decryption keys that never leave the TPM.
 *
 * <p>{@code fixedTPM|fixedParent|sensitiveDataOrigin|decrypt}, not restricted (it decrypts
 * caller data, Part 1 §25.3). With a PCR policy the authPolicy is PolicyPCR over the given values
 * (computed in Java, Part 3 §23.7) and userWithAuth is clear, so only a policy session in which
 * the PCRs still match can use it; without a policy userWithAuth is set (an empty authPolicy
 * could never be satisfied). adminWithPolicy stays clear so TPM2_Certify works with the password.
 */
public final class BindingKeys {

    private BindingKeys() {}

    /** The template; {@code policy} empty for a key usable in any PCR state. */
    public static TPMT_PUBLIC template(Optional<PcrValues> policy) {
        TPMA_OBJECT attributes = policy.isPresent()
                ? new TPMA_OBJECT(TPMA_OBJECT.fixedTPM, TPMA_OBJECT.fixedParent, TPMA_OBJECT.sensitiveDataOrigin,
                        TPMA_OBJECT.decrypt)
                : new TPMA_OBJECT(TPMA_OBJECT.fixedTPM, TPMA_OBJECT.fixedParent, TPMA_OBJECT.sensitiveDataOrigin,
                        TPMA_OBJECT.userWithAuth, TPMA_OBJECT.decrypt);
        byte[] authPolicy = policy.map(PcrPolicy::digest).orElse(new byte[0]);
        return new TPMT_PUBLIC(TPM_ALG_ID.SHA256, attributes, authPolicy,
                new TPMS_RSA_PARMS(TPMT_SYM_DEF_OBJECT.nullObject(), new TPMS_ENC_SCHEME_OAEP(TPM_ALG_ID.SHA256), 2048, 0),
                new TPM2B_PUBLIC_KEY_RSA(new byte[0]));
    }

    /** Creates a binding key under {@code srk}, bound to {@code policy}'s PCR values when present. */
    public static BindingKey create(Tpm tpm, LoadedKey srk, Optional<PcrValues> policy) {
        return BindingKey.create(ChildKeys.create(tpm, srk, template(policy), "binding key"),
                policy.map(PcrValues::selection));
    }
}
