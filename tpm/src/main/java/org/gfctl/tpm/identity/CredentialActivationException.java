package org.gfctl.tpm.identity;

import org.gfctl.tpm.TpmException;

/**
 * TPM2_ActivateCredential refused the challenge: the credential was not made for this TPM's EK
 * and this AK (TPM 2.0 Part 1 §24.5), or the blob was damaged.
 */
public final class CredentialActivationException extends TpmException {
    private static final long serialVersionUID = 1L;

    CredentialActivationException(String message, Throwable cause) {
        super(message, cause);
    }
}
