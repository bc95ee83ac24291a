package org.gfctl.core.xts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.gfctl.core.secret.Secret;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XtsRekeyerTest {
    @ParameterizedTest(name = "{0} sectors from sector {1}, native {2}")
    @CsvSource({"1, 0, true", "31, 7, true", "32, 0, true", "33, 1000, true", "2048, 123456789, true",
        "1, 0, false", "33, 1000, false", "2048, 5, false"})
    void rekey_isDecryptWithTheOldKeyThenEncryptWithTheNew(int sectors, long first, boolean allowNative) {
        SplittableRandom random = new SplittableRandom(sectors * 31L + first);
        byte[] plain = new byte[sectors * 512 + 64];
        random.nextBytes(plain);
        byte[] k1 = new byte[64];
        byte[] k2 = new byte[64];
        random.nextBytes(k1);
        random.nextBytes(k2);
        try (Secret oldKey = Secret.copyOf(k1); Secret newKey = Secret.copyOf(k2);
                XtsEncryptor oldEnc = XtsEncryptor.create(oldKey); XtsEncryptor newEnc = XtsEncryptor.create(newKey);
                XtsRekeyer rekeyer = XtsRekeyer.create(oldKey, newKey, allowNative)) {
            byte[] image = plain.clone();
            oldEnc.encrypt(first, image, 32, sectors * 512); // at an offset, with bytes around it
            byte[] expected = plain.clone();
            newEnc.encrypt(first, expected, 32, sectors * 512);
            rekeyer.rekey(first, image, 32, sectors * 512);
            assertThat(image).isEqualTo(expected);
        }
    }
}
