package org.gfctl.core.xts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.gfctl.core.secret.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every behaviour on both AES paths: Bouncy Castle's native AES and JCE alone. */
class XtsTest {
    private static final HexFormat HEX = HexFormat.of();

    enum Aes {
        NATIVE, JCE;

        XtsEncryptor encryptor(Secret key) {
            return this == NATIVE ? XtsEncryptor.create(key) : XtsEncryptor.createJce(key);
        }

        XtsDecryptor decryptor(Secret key) {
            return this == NATIVE ? XtsDecryptor.create(key) : XtsDecryptor.createJce(key);
        }
    }

    static Stream<Arguments> ieee() {
        return XtsVectors.IEEE_XTS_AES_256.stream().flatMap(v -> Stream.of(Aes.values()).map(a -> Arguments.of(a, v)));
    }

    static Stream<Arguments> cavp() {
        return XtsVectors.CAVP_XTS_AES_256.stream().flatMap(v -> Stream.of(Aes.values()).map(a -> Arguments.of(a, v)));
    }

    /**
     * The fast path must not fall back silently where Bouncy Castle ships it (x86_64 Linux with
     * AES-NI, which CI is); elsewhere the engine runs on the JCE, which the vectors below also cover.
     */
    @Test
    void nativeAes_isWhatTheEngineUsesOnThisPlatform() throws java.io.IOException {
        boolean x86 = System.getProperty("os.arch").matches("amd64|x86_64");
        boolean aesNi = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo"))
                .lines().filter(l -> l.startsWith("flags")).findFirst().orElse("").matches(".*\\baes\\b.*");
        org.junit.jupiter.api.Assumptions.assumeTrue(x86 && aesNi && System.getProperty("os.name").equals("Linux"),
                "Bouncy Castle's native AES is expected on x86_64 Linux with AES-NI only");
        assertThat(AesBlocks.implementation()).startsWith("bc-native-");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("ieee")
    void ieeeAnnexBVectors_encryptAndDecryptAsPublished(Aes aes, XtsVectors.SectorVector v) {
        byte[] buf = XtsVectors.ieeePlaintext();
        try (Secret key = Secret.adopt(HEX.parseHex(XtsVectors.IEEE_KEY));
                XtsEncryptor enc = aes.encryptor(key);
                XtsDecryptor dec = aes.decryptor(key)) {
            enc.encrypt(v.sector(), buf, 0, buf.length);
            assertThat(HEX.formatHex(buf)).isEqualTo(v.ciphertext());
            dec.decrypt(v.sector(), buf, 0, buf.length);
            assertThat(buf).isEqualTo(XtsVectors.ieeePlaintext());
        }
    }

    @ParameterizedTest
    @EnumSource(Aes.class)
    void ieeeVector4_xtsAes128WithA32ByteKey(Aes aes) {
        byte[] buf = XtsVectors.ieeePlaintext();
        try (Secret key = Secret.adopt(HEX.parseHex(XtsVectors.VECTOR_4_KEY));
                XtsEncryptor enc = aes.encryptor(key)) {
            enc.encrypt(0, buf, 0, buf.length);
        }
        assertThat(HEX.formatHex(buf)).isEqualTo(XtsVectors.VECTOR_4_CIPHERTEXT);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cavp")
    void nistCavpVectors_rawTweakDataUnits(Aes aes, XtsVectors.UnitVector v) {
        byte[] key = HEX.parseHex(v.key());
        byte[] tweak = HEX.parseHex(v.tweak());
        byte[] plaintext = HEX.parseHex(v.plaintext());
        String ciphertext = v.ciphertext();
        byte[] buf = plaintext.clone();
        try (Secret k = Secret.adopt(key); XtsEncryptor enc = aes.encryptor(k); XtsDecryptor dec = aes.decryptor(k)) {
            enc.encryptDataUnit(tweak, buf, 0, buf.length);
            assertThat(HEX.formatHex(buf)).isEqualTo(ciphertext);
            dec.decryptDataUnit(tweak, buf, 0, buf.length);
            assertThat(buf).isEqualTo(plaintext);
        }
    }

    /**
     * Encrypting straight from a buffer (the disk engine's mapped window) gives the ciphertext of
     * encrypting a copy in place, from heap and direct buffers in either byte order, at an offset,
     * and leaves the source as it was; IEEE vector 1's sectors from a direct buffer too.
     */
    @ParameterizedTest
    @EnumSource(Aes.class)
    void fromABuffer_equalsInPlace_andLeavesTheSourceAlone(Aes aes) {
        SplittableRandom random = new SplittableRandom(7);
        byte[] plain = new byte[(1 << 20) + 3 * 512];
        random.nextBytes(plain);
        try (Secret key = Secret.random(64); XtsEncryptor enc = aes.encryptor(key)) {
            byte[] expected = plain.clone();
            enc.encrypt(77L, expected, 0, expected.length);
            for (java.nio.ByteBuffer src : List.of(java.nio.ByteBuffer.allocate(plain.length + 1536),
                    java.nio.ByteBuffer.allocateDirect(plain.length + 1536),
                    java.nio.ByteBuffer.allocateDirect(plain.length + 1536).order(java.nio.ByteOrder.LITTLE_ENDIAN))) {
                src.put(1024, plain);
                byte[] out = new byte[plain.length + 512];
                enc.encrypt(77L, src.asReadOnlyBuffer().order(src.order()), 1024, out, 512, plain.length);
                assertThat(Arrays.copyOfRange(out, 512, out.length)).as("%s %s", src.isDirect(), src.order()).isEqualTo(expected);
                byte[] left = new byte[plain.length];
                src.get(1024, left);
                assertThat(left).isEqualTo(plain);
            }
        }
        byte[] p = XtsVectors.ieeePlaintext();
        java.nio.ByteBuffer src = java.nio.ByteBuffer.allocateDirect(p.length).put(p).flip();
        for (XtsVectors.SectorVector v : XtsVectors.IEEE_XTS_AES_256) {
            byte[] out = new byte[p.length];
            try (Secret key = Secret.adopt(HEX.parseHex(XtsVectors.IEEE_KEY)); XtsEncryptor enc = aes.encryptor(key)) {
                enc.encrypt(v.sector(), src, 0, out, 0, p.length);
            }
            assertThat(HEX.formatHex(out)).as(v.name()).isEqualTo(v.ciphertext());
        }
    }

    @ParameterizedTest
    @EnumSource(Aes.class)
    void roundTrip_randomData_manyBatches_atAnOffset(Aes aes) {
        SplittableRandom random = new SplittableRandom(42);
        byte[] plain = new byte[1 << 20];
        random.nextBytes(plain);
        byte[] buf = new byte[plain.length + 1024];
        System.arraycopy(plain, 0, buf, 512, plain.length);
        try (Secret key = Secret.random(64); XtsEncryptor enc = aes.encryptor(key); XtsDecryptor dec = aes.decryptor(key)) {
            enc.encrypt(1_000_000L, buf, 512, plain.length);
            assertThat(Arrays.equals(buf, 512, 512 + plain.length, plain, 0, plain.length)).isFalse();
            dec.decrypt(1_000_000L, buf, 512, plain.length);
        }
        assertThat(Arrays.copyOfRange(buf, 512, 512 + plain.length)).isEqualTo(plain);
        assertThat(Arrays.copyOfRange(buf, 0, 512)).containsOnly(0);
    }

    @ParameterizedTest
    @EnumSource(Aes.class)
    void sector5Alone_equalsItsPartOfSectors0To9Together(Aes aes) {
        byte[] plain = new byte[10 * 512];
        new SplittableRandom(7).nextBytes(plain);
        byte[] all = plain.clone();
        byte[] five = Arrays.copyOfRange(plain, 5 * 512, 6 * 512);
        try (Secret key = Secret.random(64); XtsEncryptor enc = aes.encryptor(key)) {
            enc.encrypt(0, all, 0, all.length);
            enc.encrypt(5, five, 0, five.length);
        }
        assertThat(five).isEqualTo(Arrays.copyOfRange(all, 5 * 512, 6 * 512));
    }

    @ParameterizedTest
    @EnumSource(Aes.class)
    void decryptor_givesTheSameSectorsInAnyOrder_whateverItDecryptedBefore(Aes aes) {
        // decryption runs on CBC, whose running IV carries over between calls: out-of-order and
        // repeated sectors on one decryptor must equal a fresh decryptor's result
        SplittableRandom random = new SplittableRandom(11);
        byte[] plain = new byte[64 * 512];
        random.nextBytes(plain);
        byte[] cipher = plain.clone();
        try (Secret key = Secret.random(64); XtsEncryptor enc = aes.encryptor(key); XtsDecryptor dec = aes.decryptor(key)) {
            enc.encrypt(9_000, cipher, 0, cipher.length);
            int[] order = {40, 3, 63, 3, 0, 17, 40};
            for (int sector : order) {
                byte[] one = Arrays.copyOfRange(cipher, sector * 512, (sector + 1) * 512);
                dec.decrypt(9_000 + sector, one, 0, one.length);
                assertThat(one).as("sector %d", sector).isEqualTo(Arrays.copyOfRange(plain, sector * 512, (sector + 1) * 512));
            }
            byte[] tail = Arrays.copyOfRange(cipher, 20 * 512, cipher.length);
            dec.decrypt(9_020, tail, 0, tail.length);
            assertThat(tail).isEqualTo(Arrays.copyOfRange(plain, 20 * 512, plain.length));
        }
    }

    @ParameterizedTest
    @EnumSource(Aes.class)
    void partialSector_isRejected(Aes aes) {
        try (Secret key = Secret.random(64); XtsEncryptor enc = aes.encryptor(key)) {
            assertThatThrownBy(() -> enc.encrypt(0, new byte[1000], 0, 1000))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("multiple of 512");
        }
    }

    @Test
    void keyOfWrongLength_isRejectedWithoutShowingIt() {
        try (Secret key = Secret.random(48)) {
            assertThatThrownBy(() -> XtsEncryptor.create(key))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("XTS-AES key must be 32 or 64 bytes (key1 || key2), not 48");
        }
    }
}
