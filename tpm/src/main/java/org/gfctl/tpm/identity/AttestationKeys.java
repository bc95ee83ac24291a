package org.gfctl.tpm.identity;

import org.gfctl.tpm.key.ChildKeys;
import org.gfctl.tpm.key.LoadedKey;
import tss.Tpm;
import tss.tpm.TPM2B_PUBLIC_KEY_RSA;
import tss.tpm.TPMA_OBJECT;
import tss.tpm.TPMS_ECC_PARMS;
import tss.tpm.TPMS_ECC_POINT;
import tss.tpm.TPMS_NULL_KDF_SCHEME;
import tss.tpm.TPMS_RSA_PARMS;
import tss.tpm.TPMS_SIG_SCHEME_ECDSA;
import tss.tpm.TPMS_SIG_SCHEME_RSASSA;
import tss.tpm.TPMT_PUBLIC;
import tss.tpm.TPMT_SYM_DEF_OBJECT;
import tss.tpm.TPM_ALG_ID;
import tss.tpm.TPM_ECC_CURVE;

/**
 * Creates attestation keys: restricted signing keys that only sign TPM-generated structures.
 *
 * <p>{@code restricted|sign} (TPM 2.0 Part 1 §25.2) means the AK refuses to sign data that starts
 * with {@code TPM_GENERATED_VALUE}, so a quote signed by it cannot be forged through the TPM.
 * The AK is created under the SRK, not the EK: the SRK needs no policy session to create or load
 * children, so a host re-loads its AK after a reboot without the endorsement hierarchy's
 * authorization; the AK-EK binding comes from credential activation, which works for any parent
 * on the same TPM.
 */
public final class AttestationKeys {

    private AttestationKeys() {}

    /** The AK template: fixedTPM|fixedParent|sensitiveDataOrigin|userWithAuth|restricted|sign. */
    public static TPMT_PUBLIC template(AkAlgorithm algorithm) {
        TPMA_OBJECT attributes = new TPMA_OBJECT(TPMA_OBJECT.fixedTPM, TPMA_OBJECT.fixedParent,
                TPMA_OBJECT.sensitiveDataOrigin, TPMA_OBJECT.userWithAuth, TPMA_OBJECT.restricted, TPMA_OBJECT.sign);
        return switch (algorithm) {
            case RSA_2048 -> new TPMT_PUBLIC(TPM_ALG_ID.SHA256, attributes, new byte[0],
                    new TPMS_RSA_PARMS(TPMT_SYM_DEF_OBJECT.nullObject(), new TPMS_SIG_SCHEME_RSASSA(TPM_ALG_ID.SHA256),
                            2048, 0),
                    new TPM2B_PUBLIC_KEY_RSA(new byte[0]));
            case ECC_P256 -> new TPMT_PUBLIC(TPM_ALG_ID.SHA256, attributes, new byte[0],
                    new TPMS_ECC_PARMS(TPMT_SYM_DEF_OBJECT.nullObject(), new TPMS_SIG_SCHEME_ECDSA(TPM_ALG_ID.SHA256),
                            TPM_ECC_CURVE.NIST_P256, new TPMS_NULL_KDF_SCHEME()),
                    new TPMS_ECC_POINT(new byte[0], new byte[0]));
        };
    }

    /** Creates a new AK under {@code srk}; load it with {@link AkKey#load}. */
    public static AkKey create(Tpm tpm, LoadedKey srk, AkAlgorithm algorithm) {
        return AkKey.create(ChildKeys.create(tpm, srk, template(algorithm), "AK " + algorithm));
    }
}
