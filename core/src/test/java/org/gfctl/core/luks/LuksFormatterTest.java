package org.gfctl.core.luks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.gfctl.core.secret.Secret;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LuksFormatterTest {
    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void payloadSectors_isThePayloadOffsetFormatWrites(int keyBytes) {
        try (Secret key = Secret.random(keyBytes); Secret pass = Secret.newUnlockSecret()) {
            byte[] region = LuksFormatter.create(LuksHash.SHA256, 1000, 1000).format(key, UUID.randomUUID(), pass);
            LuksHeader header = LuksHeader.parse(region);
            assertThat(LuksFormatter.payloadSectors(keyBytes)).isEqualTo(header.payloadOffset())
                    .isEqualTo(region.length / 512).isEqualTo(4096);
        }
    }
}
