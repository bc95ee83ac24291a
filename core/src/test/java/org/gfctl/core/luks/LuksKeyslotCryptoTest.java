package org.gfctl.core.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.gfctl.core.ExitCode;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.secret.Secret;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class LuksKeyslotCryptoTest {
    private static final UUID UUID_1 = UUID.fromString("5b0f6f0e-3c1e-4d7a-9a43-2f1e6b8d0c11");

    @ParameterizedTest
    @EnumSource(LuksHash.class)
    void pbkdf2OverBytes_matchesJcePbkdf2ForAsciiPasswords(LuksHash hash) throws Exception {
        byte[] salt = "NaCl-and-pepper".getBytes(StandardCharsets.US_ASCII);
        String jceName = "PBKDF2WithHmac" + hash.name();
        byte[] expected = SecretKeyFactory.getInstance(jceName)
                .generateSecret(new PBEKeySpec("correct horse".toCharArray(), salt, 1000, 64 * 8)).getEncoded();
        try (Secret pass = Secret.copyOf("correct horse".getBytes(StandardCharsets.US_ASCII));
                Secret derived = hash.pbkdf2(pass, salt, 1000, 64)) {
            assertThat(derived.bytes()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(LuksHash.class)
    void afSplitThenMerge_givesTheKeyBack_andEveryStripeMatters(LuksHash hash) {
        try (Secret key = Secret.random(64)) {
            byte[] material = AfSplitter.split(key, LuksKeyslot.STRIPES, hash);
            assertThat(material).hasSize(64 * 4000);
            try (Secret merged = AfSplitter.merge(material, 64, LuksKeyslot.STRIPES, hash)) {
                assertThat(merged.sameAs(key)).isTrue();
            }
            material[1234 * 64 + 7] ^= 1;
            try (Secret damaged = AfSplitter.merge(material, 64, LuksKeyslot.STRIPES, hash)) {
                assertThat(damaged.sameAs(key)).isFalse();
            }
        }
    }

    @Test
    void diffuse_hashesEachPieceWithItsBigEndianIndex_andTruncatesTheLast() throws Exception {
        byte[] block = new byte[64];
        Arrays.fill(block, (byte) 0x5A);
        byte[] expected = new byte[64];
        var sha1 = java.security.MessageDigest.getInstance("SHA-1");
        for (int i = 0; i < 4; i++) {
            sha1.update(new byte[] {0, 0, 0, (byte) i});
            sha1.update(block, i * 20, Math.min(20, 64 - i * 20));
            byte[] d = sha1.digest();
            System.arraycopy(d, 0, expected, i * 20, Math.min(20, 64 - i * 20));
        }
        AfSplitter.diffuse(block, LuksHash.SHA1);
        assertThat(block).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(LuksHash.class)
    void formatThenOpen_recoversTheVolumeKey(LuksHash hash) {
        try (Secret key = Secret.random(64); Secret pass = Secret.copyOf(new byte[] {0, (byte) 0xFF, '\n', 'x'})) {
            byte[] region = LuksFormatter.create(hash, 20, 20).format(key, UUID_1, pass);
            try (LuksVolume volume = LuksVolume.open(region, pass)) {
                assertThat(volume.volumeKey().sameAs(key)).isTrue();
                assertThat(volume.keyslot()).isZero();
                assertThat(volume.payloadOffsetBytes()).isEqualTo(4096L * 512);
            }
        }
    }

    @Test
    void thirtyTwoByteKey_isXtsAes128_andOpens() {
        try (Secret key = Secret.random(32); Secret pass = Secret.copyOf(new byte[] {7})) {
            byte[] region = LuksFormatter.create(LuksHash.SHA256, 20, 20).format(key, UUID_1, pass);
            LuksHeader header = LuksHeader.parse(region);
            assertThat(header.keyBytes()).isEqualTo(32);
            assertThat(header.keyslot(1).keyMaterialOffset()).isEqualTo(8 + 256);
            assertThat(header.payloadOffset()).isEqualTo(4096);
            try (LuksVolume volume = LuksVolume.open(region, pass)) {
                assertThat(volume.volumeKey().sameAs(key)).isTrue();
            }
        }
    }

    @Test
    void wrongPassphrase_isRefusedWithExitCode6_andNoSecretInTheMessage() {
        try (Secret key = Secret.random(64); Secret pass = Secret.copyOf("right".getBytes(StandardCharsets.US_ASCII));
                Secret wrong = Secret.copyOf("wrong".getBytes(StandardCharsets.US_ASCII))) {
            byte[] region = LuksFormatter.create(LuksHash.SHA256, 20, 20).format(key, UUID_1, pass);
            assertThatThrownBy(() -> LuksVolume.open(region, wrong))
                    .isInstanceOf(PassphraseRefusedException.class)
                    .isInstanceOf(KeyRefusedException.class)
                    .hasMessage("the passphrase opens no keyslot of LUKS volume " + UUID_1 + " (tried active keyslots [0])")
                    .satisfies(e -> assertThat(((KeyRefusedException) e).exitCode()).isEqualTo(ExitCode.KEY_REFUSED));
        }
    }

    @Test
    void addedPassphrase_opensFromSlot1_andWipingSlot0_leavesOnlyIt() {
        try (Secret key = Secret.random(64); Secret first = Secret.copyOf(new byte[] {1});
                Secret second = Secret.copyOf(new byte[] {2})) {
            byte[] region = LuksFormatter.create(LuksHash.SHA256, 20, 20).format(key, UUID_1, first);
            assertThat(LuksKeyslots.addPassphrase(region, key, second, 30)).isEqualTo(1);
            try (LuksVolume volume = LuksVolume.open(region, second)) {
                assertThat(volume.keyslot()).isEqualTo(1);
                assertThat(volume.volumeKey().sameAs(key)).isTrue();
            }
            byte[] before = Arrays.copyOfRange(region, 8 * 512, 508 * 512);
            LuksKeyslots.wipe(region, 0);
            assertThat(Arrays.copyOfRange(region, 8 * 512, 508 * 512)).isNotEqualTo(before);
            LuksKeyslot wiped = LuksHeader.parse(region).keyslot(0);
            assertThat(wiped.state()).isEqualTo(LuksKeyslot.INACTIVE);
            assertThat(wiped.iterations()).isZero();
            assertThat(wiped.salt()).containsOnly(0);
            assertThatThrownBy(() -> LuksVolume.open(region, first)).isInstanceOf(PassphraseRefusedException.class);
            assertThatThrownBy(() -> LuksKeyslots.wipe(region, 0)).isInstanceOf(NotFoundException.class);
            try (LuksVolume volume = LuksVolume.open(region, second)) {
                assertThat(volume.volumeKey().sameAs(key)).isTrue();
            }
        }
    }

    @Test
    void addingWithTheWrongVolumeKey_isRefused() {
        try (Secret key = Secret.random(64); Secret other = Secret.random(64); Secret pass = Secret.copyOf(new byte[] {1})) {
            byte[] region = LuksFormatter.create(LuksHash.SHA256, 20, 20).format(key, UUID_1, pass);
            assertThatThrownBy(() -> LuksKeyslots.addPassphrase(region, other, pass, 20))
                    .isInstanceOf(KeyRefusedException.class)
                    .hasMessageContaining("does not match the mk-digest");
        }
    }

    @Test
    void truncatedRegion_isReportedAsTruncated() {
        try (Secret key = Secret.random(64); Secret pass = Secret.copyOf(new byte[] {1})) {
            byte[] region = LuksFormatter.create(LuksHash.SHA256, 20, 20).format(key, UUID_1, pass);
            assertThatThrownBy(() -> LuksVolume.open(Arrays.copyOf(region, 100 * 512), pass))
                    .isInstanceOf(LuksFormatException.class)
                    .hasMessage("LUKS header region is truncated: keyslot 0 key material ends at byte 260096,"
                            + " the region has 51200");
        }
    }
}
