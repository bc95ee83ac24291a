package org.gfctl.tpm.attest;

import java.security.MessageDigest;
import java.util.List;
import org.gfctl.tpm.attest.EvidenceRejectedException.Reason;
import org.gfctl.tpm.key.TpmPublic;
import org.gfctl.tpm.pcr.PcrValues;

/**
 * Verifies a {@link Quote} against an enrolled AK, without a TPM.
 *
 * <p>TPM 2.0 Part 3 §18.4: the AK signs a TPMS_ATTEST of type TPM_ST_ATTEST_QUOTE carrying the
 * caller's nonce and SHA-256 over the selected PCR values. The verifier checks, in this order:
 * structure, signature (JCA, RSASSA or ECDSA with SHA-256; TSS.Java's {@code validateQuote} is
 * not used because it mishandles RSA exponent 0), type, nonce (constant time), selection, digest.
 */
public final class QuoteVerifier {
    private static final int TPM_ALG_SHA256 = 0x000B;
    private final SignedAttest signed;

    private QuoteVerifier(SignedAttest signed) {
        this.signed = signed;
    }

    /** A verifier for quotes by the AK with public area {@code akPublic}. */
    public static QuoteVerifier forAk(TpmPublic akPublic) {
        return new QuoteVerifier(new SignedAttest(akPublic));
    }

    /**
     * Returns the parsed quote when every check passes.
     *
     * @throws AttestParseException when the attest or signature bytes are malformed
     * @throws EvidenceRejectedException naming the first check that failed
     */
    public Attest verify(Quote quote, byte[] expectedNonce) {
        Attest attest = signed.check(quote.attest(), quote.signature(), Attest.Type.QUOTE, expectedNonce);
        PcrValues pcrs = quote.pcrs();
        List<Attest.BankSelection> banks = attest.pcrSelection();
        if (banks.size() != 1 || banks.get(0).hashAlg() != TPM_ALG_SHA256
                || !banks.get(0).pcrs().equals(pcrs.selection().indices())) {
            throw new EvidenceRejectedException(Reason.PCR_SELECTION, "the quote covers " + describe(banks)
                    + " but PCR values for " + pcrs.selection() + " were sent; send the values of exactly the quoted PCRs");
        }
        byte[] quoted = attest.pcrDigest().orElseThrow();
        byte[] actual = pcrs.digest();
        if (!MessageDigest.isEqual(quoted, actual)) {
            throw new EvidenceRejectedException(Reason.PCR_DIGEST, "the quoted PCR digest " + SignedAttest.hex(quoted)
                    + " is not the SHA-256 of the PCR values sent (" + SignedAttest.hex(actual) + "): the values were "
                    + "changed after the quote or belong to another moment; quote and read the PCRs again");
        }
        return attest;
    }

    private static String describe(List<Attest.BankSelection> banks) {
        StringBuilder b = new StringBuilder();
        for (Attest.BankSelection bank : banks) {
            b.append(b.length() == 0 ? "" : " + ").append(bank.hashAlg() == TPM_ALG_SHA256 ? "sha256"
                    : String.format("alg 0x%04x", bank.hashAlg())).append(':').append(bank.pcrs());
        }
        return b.length() == 0 ? "no PCRs" : b.toString();
    }
}
