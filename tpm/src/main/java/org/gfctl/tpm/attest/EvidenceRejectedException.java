package org.gfctl.tpm.attest;

import org.gfctl.tpm.TpmException;

/**
 * Well-formed attestation evidence (a quote or a certification) that does not prove what it
 * should; {@link #reason()} says which check failed, the message says expected versus actual.
 */
public final class EvidenceRejectedException extends TpmException {
    private static final long serialVersionUID = 1L;

    /** The check that failed. */
    public enum Reason {
        /** The verifying key is not a restricted signing key, so its signatures prove nothing. */
        KEY_NOT_AN_AK,
        /** The signature does not verify with the AK: altered evidence or another signer. */
        SIGNATURE,
        /** A quote was expected and a certification came, or the reverse. */
        TYPE,
        /** The extraData is not the verifier's nonce: a replay or a different challenge. */
        NONCE,
        /** The quote covers other PCRs than the PCR values sent with it. */
        PCR_SELECTION,
        /** The PCR values sent with the quote are not the ones the TPM quoted. */
        PCR_DIGEST,
        /** The certification is for another object than the one presented. */
        CERTIFIED_NAME
    }

    private final Reason reason;

    EvidenceRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
