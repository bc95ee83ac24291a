package org.gfctl.tpm.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random mutations of a real TPMS_ATTEST (the tpm2-tools vector) only ever parse or fail with AttestParseException. */
class AttestFuzzTest {
    private static final int ITERATIONS = 20_000;
    private static final int VERIFIED_ITERATIONS = 2_000;
    private final Quote quote = QuoteVector.quote();
    private final byte[] nonce = QuoteVector.nonce();

    @Test
    void mutatedAttest_onlyParsesOrFailsWithAttestParseException() {
        Random random = new Random(0x6766_6374_6cL);
        QuoteVerifier verifier = QuoteVerifier.forAk(QuoteVector.ak());
        int parsed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] mutated = mutate(quote.attest(), random);
            try {
                Attest.parse(mutated);
                parsed++;
            } catch (AttestParseException e) {
                assertThat(e.offset()).isBetween(0, mutated.length);
            }
            if (i >= VERIFIED_ITERATIONS) {
                continue;
            }
            try {
                verifier.verify(Quote.create(mutated, quote.signature(), quote.pcrs()), nonce);
                assertThat(mutated).isEqualTo(quote.attest());
            } catch (AttestParseException | EvidenceRejectedException expected) {
                // the only two outcomes a malformed or altered quote may have
            }
        }
        assertThat(parsed).as("some mutations stay well-formed").isPositive();
    }

    @Test
    void mutatedSignature_onlyParsesOrFailsWithAttestParseException() {
        Random random = new Random(42);
        for (int i = 0; i < ITERATIONS / 4; i++) {
            byte[] mutated = mutate(quote.signature(), random);
            try {
                TpmSignature.parse(mutated);
            } catch (AttestParseException expected) {
                assertThat(expected.offset()).isBetween(0, mutated.length);
            }
        }
    }

    @Test
    void truncatedAttest_namesTheOffsetWhereItEnds() {
        byte[] attest = quote.attest();
        byte[] cut = Arrays.copyOf(attest, attest.length - 5);
        assertThatThrownBy(() -> Attest.parse(cut)).isInstanceOfSatisfying(AttestParseException.class,
                e -> assertThat(e.getMessage()).contains("quote.pcrDigest").contains("truncated"));
        byte[] huge = attest.clone();
        huge[6] = (byte) 0xff;
        assertThatThrownBy(() -> Attest.parse(huge)).isInstanceOfSatisfying(AttestParseException.class,
                e -> assertThat(e.offset()).isEqualTo(6));
    }

    @Test
    void attestWithWrongMagic_isNotTpmGenerated() {
        byte[] attest = quote.attest();
        attest[0] = 0x00;
        assertThatThrownBy(() -> Attest.parse(attest)).isInstanceOf(AttestParseException.class)
                .hasMessageContaining("TPM_GENERATED_VALUE");
    }

    private static byte[] mutate(byte[] in, Random random) {
        byte[] b = in.clone();
        switch (random.nextInt(5)) {
            case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> {
                for (int k = random.nextInt(8); k >= 0; k--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 3 -> {
                byte[] longer = Arrays.copyOf(b, b.length + 1 + random.nextInt(16));
                random.nextBytes(Arrays.copyOfRange(longer, b.length, longer.length));
                b = longer;
            }
            default -> {
                int at = random.nextInt(b.length - 1);
                b[at] = (byte) 0xff;
                b[at + 1] = (byte) 0xff;
            }
        }
        return b;
    }
}
