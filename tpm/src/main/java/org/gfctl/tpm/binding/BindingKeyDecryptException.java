package org.gfctl.tpm.binding;

import org.gfctl.tpm.TpmException;

/**
 * TPM2_RSA_Decrypt rejected the ciphertext: it was not RSA-OAEP-SHA256 with an empty label to
 * this binding key, or it was damaged in transit.
 */
public final class BindingKeyDecryptException extends TpmException {
    private static final long serialVersionUID = 1L;

    BindingKeyDecryptException(String message, Throwable cause) {
        super(message, cause);
    }
}
