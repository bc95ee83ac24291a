package org.gfctl.tpm.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.gfctl.tpm.TpmFormatException;
import org.gfctl.tpm.identity.AkAlgorithm;
import org.gfctl.tpm.identity.AttestationKeys;
import org.junit.jupiter.api.Test;

/** Public areas from untrusted bytes: canonical or a typed format error. */
class TpmPublicTest {

    @Test
    void publicArea_roundTripsThroughTpm2bBytes() {
        TpmPublic p = TpmPublic.of(AttestationKeys.template(AkAlgorithm.RSA_2048));
        assertThat(TpmPublic.parseTpm2b(p.tpm2bBytes())).isEqualTo(p);
        assertThat(p.name()).hasSize(34).startsWith(0x00, 0x0B);
    }

    @Test
    void trailingOrMissingBytes_areAFormatError() {
        byte[] bytes = TpmPublic.of(AttestationKeys.template(AkAlgorithm.ECC_P256)).bytes();
        assertThatThrownBy(() -> TpmPublic.parse(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(TpmFormatException.class);
        assertThatThrownBy(() -> TpmPublic.parse(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(TpmFormatException.class);
        assertThatThrownBy(() -> TpmPublic.parseTpm2b(new byte[] {0, 9, 1}))
                .isInstanceOf(TpmFormatException.class).hasMessageContaining("size field says 9");
    }

    @Test
    void mutatedPublicAreas_onlyParseOrFailWithTpmFormatException() {
        java.util.Random random = new java.util.Random(7);
        for (AkAlgorithm alg : AkAlgorithm.values()) {
            byte[] valid = TpmPublic.of(AttestationKeys.template(alg)).tpm2bBytes();
            for (int i = 0; i < 3_000; i++) {
                byte[] b = valid.clone();
                if (random.nextBoolean()) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                } else {
                    b = Arrays.copyOf(b, random.nextInt(b.length + 8));
                }
                try {
                    TpmPublic.parseTpm2b(b).publicKey();
                } catch (TpmFormatException expected) {
                    // the only failure untrusted public areas may cause
                }
            }
        }
    }
}
