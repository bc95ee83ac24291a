package org.gfctl.tpm.binding;

import org.gfctl.tpm.TpmException;

/**
 * The binding key's PCR policy no longer holds: the host's measured state changed since the key
 * was created, so the TPM refuses to decrypt (TPM 2.0 Part 3 §23.7, TPM_RC_POLICY_FAIL).
 */
public final class BindingKeyPolicyException extends TpmException {
    private static final long serialVersionUID = 1L;

    BindingKeyPolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
