package org.gfctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OutputTest {

    @Test
    void fields_keepTheOrderGiven_inTheJson() throws Exception {
        String json = new ObjectMapper().writeValueAsString(
                Output.fields("zeta", 1, "alpha", "two", "mid", null, "beta", java.util.List.of(3)));
        assertThat(json).isEqualTo("{\"zeta\":1,\"alpha\":\"two\",\"mid\":null,\"beta\":[3]}");
    }

    @Test
    void fields_refuseAMissingValue_andADuplicateName() {
        assertThatThrownBy(() -> Output.fields("a", 1, "b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pairs");
        assertThatThrownBy(() -> Output.fields("a", 1, "a", 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate member a");
    }
}
