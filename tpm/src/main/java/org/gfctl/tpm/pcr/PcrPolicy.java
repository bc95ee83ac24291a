package org.gfctl.tpm.pcr;

import java.io.ByteArrayOutputStream;

/**
 * Computes the policy digest of a single TPM2_PolicyPCR assertion, without a TPM.
 *
 * <p>TPM 2.0 Part 3 §23.7: {@code policyDigest' = H(policyDigest || TPM_CC_PolicyPCR || pcrs ||
 * digestTPM)} with {@code pcrs} the marshalled TPML_PCR_SELECTION and {@code digestTPM} the
 * SHA-256 of the selected PCR values; the session starts from 32 zero bytes (§23.1).
 */
public final class PcrPolicy {
    private static final int TPM_CC_POLICY_PCR = 0x0000017F;
    private static final int SHA256_BYTES = 32;

    private PcrPolicy() {}

    /** The authPolicy of an object usable only while the PCRs hold {@code values}. */
    public static byte[] digest(PcrValues values) {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(new byte[SHA256_BYTES]);
        in.writeBytes(new byte[] {(byte) (TPM_CC_POLICY_PCR >>> 24), (byte) (TPM_CC_POLICY_PCR >>> 16),
            (byte) (TPM_CC_POLICY_PCR >>> 8), (byte) TPM_CC_POLICY_PCR});
        in.writeBytes(values.selection().marshal());
        in.writeBytes(values.digest());
        return PcrValues.sha256(in.toByteArray());
    }
}
