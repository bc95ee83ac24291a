package org.gfctl.tpm.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.gfctl.tpm.attest.EvidenceRejectedException.Reason;
import org.gfctl.tpm.pcr.PcrValues;
import org.junit.jupiter.api.Test;

/** The pure-Java verifier on a quote made by tpm2-tools (vectors/tpm2-tools-quote-rsa), no TPM needed. */
class QuoteVectorTest {

    @Test
    void tpm2ToolsQuote_verifies_andItsFieldsParse() {
        Attest attest = QuoteVerifier.forAk(QuoteVector.ak()).verify(QuoteVector.quote(), QuoteVector.nonce());
        assertThat(attest.type()).isEqualTo(Attest.Type.QUOTE);
        assertThat(attest.extraData()).isEqualTo(QuoteVector.nonce());
        assertThat(attest.pcrSelection()).containsExactly(new Attest.BankSelection(0x000B, List.of(0, 7, 16)));
        assertThat(attest.qualifiedSigner()).hasSize(34);
    }

    @Test
    void akName_computedInJava_equalsTpm2ReadpublicName() {
        assertThat(HexFormat.of().formatHex(QuoteVector.ak().name())).isEqualTo(QuoteVector.AK_NAME);
    }

    @Test
    void vectorWithAnotherNonce_isRejected() {
        assertThatThrownBy(() -> QuoteVerifier.forAk(QuoteVector.ak()).verify(QuoteVector.quote(), new byte[31]))
                .isInstanceOfSatisfying(EvidenceRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NONCE));
    }

    @Test
    void vectorWithAChangedPcrValue_isRejected() {
        Quote q = QuoteVector.quote();
        byte[] pcrs = q.pcrs().concatenated();
        pcrs[40] ^= 1;
        Quote changed = Quote.create(q.attest(), q.signature(), PcrValues.fromConcatenated(QuoteVector.PCRS, pcrs));
        assertThatThrownBy(() -> QuoteVerifier.forAk(QuoteVector.ak()).verify(changed, QuoteVector.nonce()))
                .isInstanceOfSatisfying(EvidenceRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PCR_DIGEST));
    }
}
