package org.gfctl.tpm.pcr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PCR selections marshal as TPM 2.0 Part 2 §10.6 says, and PCR digests follow selection order. */
class PcrSelectionTest {

    @Test
    void selection_isSortedAndMarshalsAsTplmPcrSelection() {
        PcrSelection s = PcrSelection.of(16, 0, 7);
        assertThat(s.indices()).containsExactly(0, 7, 16);
        assertThat(s.toString()).isEqualTo("sha256:0,7,16");
        // count=1, hash=SHA256 (0x000b), sizeofSelect=3, bitmap: PCR0|PCR7 = 0x81, -, PCR16 = 0x01
        assertThat(HexFormat.of().formatHex(s.marshal())).isEqualTo("00000001000b03810001");
    }

    @Test
    void duplicateOrOutOfRangePcrs_areRefusedWithTheReason() {
        assertThatThrownBy(() -> PcrSelection.of(1, 1)).hasMessageContaining("PCR 1 is selected twice");
        assertThatThrownBy(() -> PcrSelection.of(24)).hasMessageContaining("outside 0..23");
        assertThatThrownBy(PcrSelection::of).hasMessageContaining("at least one");
    }

    @Test
    void digest_isSha256OfTheValuesInSelectionOrder() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        b[31] = 1;
        PcrValues v = PcrValues.create(PcrSelection.of(3, 5), List.of(a, b));
        byte[] concatenated = new byte[64];
        concatenated[63] = 1;
        assertThat(v.concatenated()).isEqualTo(concatenated);
        assertThat(v.digest()).isEqualTo(PcrValues.sha256(concatenated));
        assertThat(v.value(5)).isEqualTo(b);
        assertThat(PcrValues.fromConcatenated(v.selection(), concatenated).digest()).isEqualTo(v.digest());
    }

    @Test
    void valuesOfTheWrongSize_areRefused() {
        assertThatThrownBy(() -> PcrValues.create(PcrSelection.of(0), List.of(new byte[20])))
                .hasMessageContaining("PCR 0 has 20 bytes, a SHA-256 PCR has 32");
        assertThatThrownBy(() -> PcrValues.create(PcrSelection.of(0, 1), List.of(new byte[32])))
                .hasMessageContaining("1 values for the 2 PCRs");
    }
}
