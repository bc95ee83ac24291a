package org.gfctl.tpm.identity;

import org.gfctl.tpm.TpmException;

/**
 * The EK certificate in NV does not certify the EK this TPM creates from the default template.
 *
 * <p>Either the certificate was provisioned for another key (a replaced or tampered NV index) or
 * the TPM was cleared with a new endorsement seed; enrollment must not proceed in either case.
 */
public final class EkCertificateMismatchException extends TpmException {
    private static final long serialVersionUID = 1L;

    EkCertificateMismatchException(String message) {
        super(message);
    }
}
