package org.gfctl.tpm.attest;

import java.security.MessageDigest;
import org.gfctl.tpm.TpmException;
import org.gfctl.tpm.internal.TpmCalls;
import org.gfctl.tpm.key.LoadedKey;
import org.gfctl.tpm.pcr.PcrSelection;
import org.gfctl.tpm.pcr.PcrValues;
import org.gfctl.tpm.pcr.Pcrs;
import tss.Tpm;
import tss.tpm.QuoteResponse;
import tss.tpm.TPMS_NULL_SIG_SCHEME;
import tss.tpm.TPMT_SIGNATURE;

/**
 * Host side: quotes PCRs with a loaded AK (TPM2_Quote, TPM 2.0 Part 3 §18.4) and reads the values.
 *
 * <p>PCRs can move between TPM2_Quote and TPM2_PCR_Read; the quoter re-reads until the values
 * match the quoted digest, so the evidence it returns is self-consistent.
 */
public final class Quoter {
    private static final int MAX_NONCE = 64;
    private static final int MAX_ATTEMPTS = 3;

    private Quoter() {}

    /** Quotes {@code selection} with {@code ak} (its own signing scheme) over {@code nonce} (at most 64 bytes). */
    public static Quote quote(Tpm tpm, LoadedKey ak, PcrSelection selection, byte[] nonce) {
        if (nonce.length > MAX_NONCE) {
            throw new IllegalArgumentException("quote nonce: at most 64 bytes (TPM2B_DATA), not " + nonce.length);
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            QuoteResponse r = TpmCalls.call(tpm, "TPM2_Quote", "is the AK loaded and a restricted signing key?",
                    () -> tpm.Quote(ak.handle(), nonce.clone(), new TPMS_NULL_SIG_SCHEME(), selection.tss()));
            byte[] attest = r.quoted.toBytes();
            byte[] signature = new TPMT_SIGNATURE(r.signature).toBytes();
            PcrValues values = Pcrs.read(tpm, selection);
            byte[] quoted = Attest.parse(attest).pcrDigest().orElseThrow();
            if (MessageDigest.isEqual(quoted, values.digest())) {
                return Quote.create(attest, signature, values);
            }
        }
        throw new TpmException("PCRs " + selection + " changed during every quote attempt; retry when the host is idle");
    }
}
