package org.gfctl.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void toString_neverShowsTheBytes() {
        try (Secret s = Secret.copyOf("hunter2".getBytes(StandardCharsets.US_ASCII))) {
            assertThat(s.toString()).isEqualTo("Secret[redacted]").doesNotContain("hunter2");
            assertThat(String.valueOf(s)).doesNotContain("hunter2");
        }
    }

    @Test
    void close_wipesTheBytes_andFurtherUseFails() {
        byte[] raw = {1, 2, 3};
        Secret s = Secret.adopt(raw);
        s.close();
        assertThat(raw).containsOnly(0);
        assertThatThrownBy(s::bytes).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unlockSecret_is43Base64UrlCharacters_andFresh() {
        try (Secret a = Secret.newUnlockSecret(); Secret b = Secret.newUnlockSecret()) {
            assertThat(new String(a.bytes(), StandardCharsets.US_ASCII)).matches("[A-Za-z0-9_-]{43}");
            assertThat(a.sameAs(b)).isFalse();
            assertThat(a.sameAs(a.copy())).isTrue();
        }
    }
}
