package org.gfctl.tpm.identity;

import java.security.SecureRandom;
import org.gfctl.tpm.TpmCommandException;
import org.gfctl.tpm.internal.PolicySessions;
import org.gfctl.tpm.internal.TpmCalls;
import org.gfctl.tpm.key.LoadedKey;
import tss.Tpm;
import tss.tpm.TPM_HANDLE;

/**
 * Host side of credential activation: recovers a {@link CredentialChallenge}'s secret with
 * TPM2_ActivateCredential (TPM 2.0 Part 3 §12.5).
 *
 * <p>The EK is used in its user role, which its template leaves to the policy
 * PolicySecret(TPM_RH_ENDORSEMENT) (EK Credential Profile §2.1.5), so a policy session satisfying
 * it is started per activation; the AK is used in its admin role with its (empty) password.
 */
public final class CredentialActivator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CredentialActivator() {}

    /**
     * Returns the secret. The caller owns the returned array and should wipe it after use.
     *
     * @throws CredentialActivationException when the challenge was not made for this EK and AK
     */
    public static byte[] activate(Tpm tpm, LoadedKey ek, LoadedKey ak, CredentialChallenge challenge) {
        TPM_HANDLE session = PolicySessions.start(tpm, RANDOM);
        try {
            TpmCalls.run(tpm, "TPM2_PolicySecret(TPM_RH_ENDORSEMENT)", "the endorsement hierarchy must have an empty "
                    + "authorization", () -> tpm.PolicySecret(TPM_HANDLE.from(tss.tpm.TPM_RH.ENDORSEMENT), session,
                    new byte[0], new byte[0], new byte[0], 0));
            return TpmCalls.call(tpm, "TPM2_ActivateCredential", "was the challenge made for this TPM's EK and this AK?",
                    () -> tpm._withSessions(TPM_HANDLE.PW, session).ActivateCredential(ak.handle(), ek.handle(),
                            challenge.tssIdObject(), challenge.tssEncryptedSecret()));
        } catch (TpmCommandException e) {
            if (e.command().equals("TPM2_ActivateCredential")) {
                throw new CredentialActivationException("credential activation failed (" + e.responseCode()
                        + "): the challenge was not made for this TPM's EK together with this AK, or it was damaged;"
                        + " re-enroll the host with the AK that is loaded here", e);
            }
            throw e;
        } finally {
            TpmCalls.flushQuietly(tpm, session);
        }
    }
}
