package org.gfctl.tpm.internal;

import java.security.SecureRandom;
import tss.Tpm;
import tss.tpm.StartAuthSessionResponse;
import tss.tpm.TPMT_SYM_DEF;
import tss.tpm.TPM_ALG_ID;
import tss.tpm.TPM_HANDLE;
import tss.tpm.TPM_SE;

/**
 * Starts unbound, unsalted SHA-256 policy sessions (TPM 2.0 Part 3 §11.1).
 *
 * <p>Policy sessions here only carry a policy digest; TSS.Java sends them with an empty HMAC,
 * which the TPM accepts for policies without PolicyAuthValue.
 */
public final class PolicySessions {
    private static final int NONCE_BYTES = 16;

    private PolicySessions() {}

    /** Starts a policy session; the caller flushes it. */
    public static TPM_HANDLE start(Tpm tpm, SecureRandom random) {
        byte[] nonceCaller = new byte[NONCE_BYTES];
        random.nextBytes(nonceCaller);
        StartAuthSessionResponse r = TpmCalls.call(tpm, "TPM2_StartAuthSession", "a session slot must be free",
                () -> tpm.StartAuthSession(TPM_HANDLE.from(tss.tpm.TPM_RH.NULL), TPM_HANDLE.from(tss.tpm.TPM_RH.NULL),
                        nonceCaller, new byte[0], TPM_SE.POLICY, new TPMT_SYM_DEF(TPM_ALG_ID.NULL, 0, TPM_ALG_ID.NULL),
                        TPM_ALG_ID.SHA256));
        return r.handle;
    }
}
