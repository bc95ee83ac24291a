package org.gfctl.core.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;
import org.gfctl.core.GfctlException;
import org.gfctl.core.secret.Secret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LuksHeaderTest {
    private static byte[] region;
    private static LuksHeader header;

    @BeforeAll
    static void formatOnce() {
        try (Secret key = Secret.random(64); Secret pass = Secret.copyOf(new byte[] {1, 2, 3})) {
            region = LuksFormatter.create(LuksHash.SHA256, 10, 10)
                    .format(key, UUID.fromString("0c9e3d9e-9a44-4a5a-8f4e-1d3a5b7c9e01"), pass);
        }
        header = LuksHeader.parse(region);
    }

    @Test
    void formattedHeader_hasCryptsetupsLayout() {
        assertThat(header.cipherSpec()).isEqualTo("aes-xts-plain64");
        assertThat(header.hashSpec()).isEqualTo("sha256");
        assertThat(header.keyBytes()).isEqualTo(64);
        assertThat(header.uuid()).isEqualTo("0c9e3d9e-9a44-4a5a-8f4e-1d3a5b7c9e01");
        assertThat(header.payloadOffset()).isEqualTo(4096);
        assertThat(region).hasSize(4096 * 512);
        assertThat(header.keyslots()).extracting(LuksKeyslot::keyMaterialOffset)
                .containsExactly(8, 512, 1016, 1520, 2024, 2528, 3032, 3536);
        assertThat(header.keyslots()).extracting(LuksKeyslot::active)
                .containsExactly(true, false, false, false, false, false, false, false);
        assertThat(header.keyslot(0).iterations()).isEqualTo(10);
        assertThat(Arrays.copyOfRange(region, 0, 6)).isEqualTo(new byte[] {'L', 'U', 'K', 'S', (byte) 0xBA, (byte) 0xBE});
    }

    @Test
    void serializeThenParse_givesTheSameHeaderAndBytes() {
        byte[] bytes = header.toBytes();
        assertThat(bytes).hasSize(592).isEqualTo(Arrays.copyOf(region, 592));
        assertThat(LuksHeader.parse(bytes)).isEqualTo(header);
    }

    @Test
    void notLuks_isRejectedWithAClearMessage() {
        assertThatThrownBy(() -> LuksHeader.parse(new byte[4096]))
                .isInstanceOf(LuksFormatException.class)
                .isInstanceOf(GfctlException.class)
                .hasMessageContaining("not a LUKS volume");
    }

    @Test
    void truncatedHeader_isRejected() {
        assertThatThrownBy(() -> LuksHeader.parse(Arrays.copyOf(region, 300)))
                .isInstanceOf(LuksFormatException.class)
                .hasMessage("LUKS header is truncated: 300 bytes, a LUKS1 header has 592");
    }

    @Test
    void keyBytes48_isRejectedNamingTheValue() {
        byte[] bytes = header.toBytes();
        ByteBuffer.wrap(bytes).putInt(108, 48);
        assertThatThrownBy(() -> LuksHeader.parse(bytes))
                .isInstanceOf(LuksFormatException.class)
                .hasMessage("LUKS header: key-bytes must be 32 or 64, not 48");
    }

    @Test
    void luks2_isRefusedAsUnsupported() {
        byte[] bytes = header.toBytes();
        ByteBuffer.wrap(bytes).putShort(6, (short) 2);
        assertThatThrownBy(() -> LuksHeader.parse(bytes))
                .isInstanceOf(LuksUnsupportedException.class)
                .hasMessageContaining("LUKS2 is not supported");
    }

    @Test
    void badKeyslotState_namesTheSlot() {
        byte[] bytes = header.toBytes();
        ByteBuffer.wrap(bytes).putInt(208 + 3 * 48, 0x12345678);
        assertThatThrownBy(() -> LuksHeader.parse(bytes))
                .isInstanceOf(LuksFormatException.class)
                .hasMessage("LUKS header: keyslot 3: state must be 0x00AC71F3 (active) or 0x0000DEAD (inactive),"
                        + " not 0x12345678");
    }

    @Test
    void keyMaterialRunningIntoThePayload_isRejected() {
        byte[] bytes = header.toBytes();
        ByteBuffer.wrap(bytes).putInt(104, 4000);
        assertThatThrownBy(() -> LuksHeader.parse(bytes))
                .isInstanceOf(LuksFormatException.class)
                .hasMessage("LUKS header: keyslot 7 key material (sectors 3536..4035) runs into the payload at sector 4000");
    }

    @Test
    void overlappingKeyslots_areRejected() {
        byte[] bytes = header.toBytes();
        ByteBuffer.wrap(bytes).putInt(208 + 48 + 40, 300);
        assertThatThrownBy(() -> LuksHeader.parse(bytes))
                .isInstanceOf(LuksFormatException.class)
                .hasMessage("LUKS header: key material of keyslots 0 and 1 overlaps");
    }

    @Test
    void unsupportedCipher_isRefusedNamingIt() {
        byte[] bytes = Arrays.copyOf(region, region.length);
        byte[] mode = Arrays.copyOf("cbc-essiv:sha256".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32);
        System.arraycopy(mode, 0, bytes, 40, 32);
        try (Secret pass = Secret.copyOf(new byte[] {1, 2, 3})) {
            assertThatThrownBy(() -> LuksVolume.open(bytes, pass))
                    .isInstanceOf(LuksUnsupportedException.class)
                    .hasMessage("LUKS cipher aes-cbc-essiv:sha256 is not supported: gfctl reads aes-xts-plain64 only");
        }
    }

    @Test
    void unsupportedHash_isRefusedNamingIt() {
        byte[] bytes = Arrays.copyOf(region, region.length);
        System.arraycopy(Arrays.copyOf("ripemd160".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32), 0, bytes, 72, 32);
        try (Secret pass = Secret.copyOf(new byte[] {1, 2, 3})) {
            assertThatThrownBy(() -> LuksVolume.open(bytes, pass))
                    .isInstanceOf(LuksUnsupportedException.class)
                    .hasMessage("LUKS hash-spec ripemd160 is not supported: gfctl reads sha1, sha256, sha512");
        }
    }

    @Test
    void toString_showsNoDigestOrSalt() {
        assertThat(header.toString()).isEqualTo(
                "LuksHeader[aes-xts-plain64, sha256, 512-bit key, uuid 0c9e3d9e-9a44-4a5a-8f4e-1d3a5b7c9e01, payload at sector 4096]");
    }
}
