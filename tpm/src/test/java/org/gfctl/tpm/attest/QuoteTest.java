package org.gfctl.tpm.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.gfctl.testing.Swtpm;
import org.gfctl.testing.SwtpmExtension;
import org.gfctl.tpm.attest.EvidenceRejectedException.Reason;
import org.gfctl.tpm.device.TpmDevices;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.tpm.identity.AkAlgorithm;
import org.gfctl.tpm.identity.AkKey;
import org.gfctl.tpm.identity.AttestationKeys;
import org.gfctl.tpm.key.LoadedKey;
import org.gfctl.tpm.key.Srk;
import org.gfctl.tpm.pcr.PcrSelection;
import org.gfctl.tpm.pcr.Pcrs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tss.Tpm;

/** TPM2_Quote on swtpm, verified in pure Java; each kind of bad evidence is rejected for its own reason. */
@ExtendWith(SwtpmExtension.class)
class QuoteTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PcrSelection PCRS = PcrSelection.of(0, 7, 16);
    private static AkKey rsaAk;
    private static AkKey eccAk;

    @BeforeAll
    static void createAks(Swtpm swtpm) throws Exception {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec())); LoadedKey srk = Srk.create(tpm)) {
            rsaAk = AttestationKeys.create(tpm, srk, AkAlgorithm.RSA_2048);
            eccAk = AttestationKeys.create(tpm, srk, AkAlgorithm.ECC_P256);
            Pcrs.extend(tpm, 16, new byte[32]);
        }
    }

    @Test
    void goodQuote_verifies(Swtpm swtpm) throws Exception {
        byte[] nonce = nonce();
        long t0 = System.nanoTime();
        Quote quote = quote(swtpm, rsaAk, nonce);
        long t1 = System.nanoTime();
        Attest attest = QuoteVerifier.forAk(rsaAk.publicArea()).verify(quote, nonce);
        System.out.printf("quote (load AK + Quote + PCR_Read): %d ms; verify: %d ms%n", (t1 - t0) / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000);
        assertThat(attest.type()).isEqualTo(Attest.Type.QUOTE);
        assertThat(attest.extraData()).isEqualTo(nonce);
        assertThat(attest.pcrSelection()).singleElement().satisfies(b -> assertThat(b.pcrs()).containsExactly(0, 7, 16));
    }

    @Test
    void goodQuote_fromEccAk_verifies(Swtpm swtpm) throws Exception {
        byte[] nonce = nonce();
        assertThat(QuoteVerifier.forAk(eccAk.publicArea()).verify(quote(swtpm, eccAk, nonce), nonce).type())
                .isEqualTo(Attest.Type.QUOTE);
    }

    @Test
    void quoteForAnotherNonce_isRejected(Swtpm swtpm) throws Exception {
        Quote quote = quote(swtpm, rsaAk, nonce());
        assertRejected(() -> QuoteVerifier.forAk(rsaAk.publicArea()).verify(quote, nonce()), Reason.NONCE);
    }

    @Test
    void quoteWithAlteredSignatureByte_isRejected(Swtpm swtpm) throws Exception {
        byte[] nonce = nonce();
        Quote quote = quote(swtpm, rsaAk, nonce);
        byte[] sig = quote.signature();
        sig[sig.length - 10] ^= 0x01;
        Quote altered = Quote.create(quote.attest(), sig, quote.pcrs());
        assertRejected(() -> QuoteVerifier.forAk(rsaAk.publicArea()).verify(altered, nonce), Reason.SIGNATURE);
    }

    @Test
    void pcrExtendedAfterQuote_isRejected(Swtpm swtpm) throws Exception {
        byte[] nonce = nonce();
        Quote quote = quote(swtpm, rsaAk, nonce);
        Quote withNewValues;
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            Pcrs.extend(tpm, 16, nonce());
            withNewValues = Quote.create(quote.attest(), quote.signature(), Pcrs.read(tpm, PCRS));
        }
        assertRejected(() -> QuoteVerifier.forAk(rsaAk.publicArea()).verify(withNewValues, nonce), Reason.PCR_DIGEST);
    }

    @Test
    void quoteFromForeignAk_isRejected(Swtpm swtpm) throws Exception {
        byte[] nonce = nonce();
        Quote byEcc = quote(swtpm, eccAk, nonce);
        assertRejected(() -> QuoteVerifier.forAk(rsaAk.publicArea()).verify(byEcc, nonce), Reason.SIGNATURE);
        AkKey otherRsa;
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec())); LoadedKey srk = Srk.create(tpm)) {
            otherRsa = AttestationKeys.create(tpm, srk, AkAlgorithm.RSA_2048);
        }
        Quote byOther = quote(swtpm, otherRsa, nonce);
        assertRejected(() -> QuoteVerifier.forAk(rsaAk.publicArea()).verify(byOther, nonce), Reason.SIGNATURE);
    }

    @Test
    void pcrValuesForOtherPcrs_areRejected(Swtpm swtpm) throws Exception {
        byte[] nonce = nonce();
        Quote quote = quote(swtpm, rsaAk, nonce);
        Quote fewer;
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            fewer = Quote.create(quote.attest(), quote.signature(), Pcrs.read(tpm, PcrSelection.of(0, 7)));
        }
        assertRejected(() -> QuoteVerifier.forAk(rsaAk.publicArea()).verify(fewer, nonce), Reason.PCR_SELECTION);
    }

    @Test
    void verifierForAStorageKey_refusesIt(Swtpm swtpm) throws Exception {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec())); LoadedKey srk = Srk.create(tpm)) {
            assertRejected(() -> QuoteVerifier.forAk(srk.publicArea()), Reason.KEY_NOT_AN_AK);
        }
    }

    static Quote quote(Swtpm swtpm, AkKey ak, byte[] nonce) throws Exception {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            LoadedKey loaded;
            try (LoadedKey srk = Srk.create(tpm)) {
                loaded = ak.load(tpm, srk);
            }
            try (loaded) {
                return Quoter.quote(tpm, loaded, PCRS, nonce);
            }
        }
    }

    static byte[] nonce() {
        byte[] n = new byte[32];
        RANDOM.nextBytes(n);
        return n;
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EvidenceRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
