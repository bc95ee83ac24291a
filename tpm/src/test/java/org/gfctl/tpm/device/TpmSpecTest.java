package org.gfctl.tpm.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TpmSpecTest {

    @Test
    void parsesEachKind() {
        assertThat(TpmSpec.parse("device:/dev/tpmrm0").device()).isEqualTo(Path.of("/dev/tpmrm0"));
        TpmSpec sw = TpmSpec.parse("swtpm:127.0.0.1:2321");
        assertThat(sw.kind()).isEqualTo(TpmSpec.Kind.SWTPM);
        assertThat(sw.host()).isEqualTo("127.0.0.1");
        assertThat(sw.port()).isEqualTo(2321);
        TpmSpec ms = TpmSpec.parse("mssim:[::1]:2321");
        assertThat(ms.kind()).isEqualTo(TpmSpec.Kind.MSSIM);
        assertThat(ms.host()).isEqualTo("::1");
        assertThat(ms.toString()).isEqualTo("mssim:[::1]:2321");
    }

    @Test
    void roundTripsThroughToString() {
        for (String s : new String[] {"device:/dev/tpm0", "swtpm:localhost:1", "mssim:10.0.0.1:65535"}) {
            assertThat(TpmSpec.parse(s).toString()).isEqualTo(s);
        }
    }

    @Test
    void rejectsMalformedSpecs_sayingWhatIsWrong() {
        assertThatThrownBy(() -> TpmSpec.parse("/dev/tpmrm0")).isInstanceOf(InvalidTpmSpecException.class)
                .hasMessageContaining("missing the 'KIND:' prefix");
        assertThatThrownBy(() -> TpmSpec.parse("device:tpmrm0")).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> TpmSpec.parse("swtpm:127.0.0.1")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> TpmSpec.parse("swtpm:h:x1")).hasMessageContaining("'x1' is not a number");
        assertThatThrownBy(() -> TpmSpec.parse("swtpm:h:70000")).hasMessageContaining("outside 1..65535");
        assertThatThrownBy(() -> TpmSpec.parse("tcp:h:1")).hasMessageContaining("unknown kind 'tcp'")
                .hasMessageContaining("use device:/dev/tpmrm0, swtpm:HOST:PORT or mssim:HOST:PORT");
    }
}
