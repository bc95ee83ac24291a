package org.gfctl.tpm.attest;

import java.util.Objects;
import org.gfctl.tpm.pcr.PcrValues;

/**
 * Quote evidence as a host sends it: the signed TPMS_ATTEST bytes, the TPMT_SIGNATURE bytes, and
 * the PCR values the quote claims to cover.
 *
 * <p>The PCR values travel outside the signature (TPM 2.0 Part 3 §18.4 signs only their digest);
 * {@link QuoteVerifier} checks them against that digest.
 */
public final class Quote {
    private final byte[] attest;
    private final byte[] signature;
    private final PcrValues pcrs;

    private Quote(byte[] attest, byte[] signature, PcrValues pcrs) {
        this.attest = attest;
        this.signature = signature;
        this.pcrs = pcrs;
    }

    /** Wraps received evidence as is; nothing is trusted until {@link QuoteVerifier#verify}. */
    public static Quote create(byte[] tpmsAttest, byte[] tpmtSignature, PcrValues pcrs) {
        return new Quote(tpmsAttest.clone(), tpmtSignature.clone(), Objects.requireNonNull(pcrs, "pcrs"));
    }

    /** The marshalled TPMS_ATTEST (tpm2_quote's {@code -m} file). */
    public byte[] attest() {
        return attest.clone();
    }

    /** The marshalled TPMT_SIGNATURE (tpm2_quote's {@code -s} file). */
    public byte[] signature() {
        return signature.clone();
    }

    public PcrValues pcrs() {
        return pcrs;
    }
}
