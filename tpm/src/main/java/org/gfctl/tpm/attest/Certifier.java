package org.gfctl.tpm.attest;

import org.gfctl.tpm.internal.TpmCalls;
import org.gfctl.tpm.key.LoadedKey;
import tss.Tpm;
import tss.tpm.CertifyResponse;
import tss.tpm.TPMS_NULL_SIG_SCHEME;
import tss.tpm.TPMT_SIGNATURE;

/**
 * Host side: certifies a loaded object with the AK (TPM2_Certify, TPM 2.0 Part 3 §18.2).
 *
 * <p>Certify uses the object in its admin role; keys without adminWithPolicy (such as gfctl's
 * binding keys) are authorized with their empty password.
 */
public final class Certifier {
    private static final int MAX_NONCE = 64;

    private Certifier() {}

    /** The AK's certification of {@code object} over {@code nonce} (at most 64 bytes). */
    public static Certification certify(Tpm tpm, LoadedKey object, LoadedKey ak, byte[] nonce) {
        if (nonce.length > MAX_NONCE) {
            throw new IllegalArgumentException("certify nonce: at most 64 bytes (TPM2B_DATA), not " + nonce.length);
        }
        CertifyResponse r = TpmCalls.call(tpm, "TPM2_Certify", "are the object and the AK loaded, and the object's admin "
                + "role not policy-only?", () -> tpm.Certify(object.handle(), ak.handle(), nonce.clone(),
                new TPMS_NULL_SIG_SCHEME()));
        return Certification.create(r.certifyInfo.toBytes(), new TPMT_SIGNATURE(r.signature).toBytes());
    }
}
