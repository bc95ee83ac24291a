package org.gfctl.tpm.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.gfctl.testing.Swtpm;
import org.gfctl.testing.SwtpmExtension;
import org.gfctl.tpm.device.TpmDevices;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.tpm.key.LoadedKey;
import org.gfctl.tpm.key.Srk;
import org.gfctl.tpm.key.TpmPublic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tss.Tpm;

/** TPM 2.0 Part 1 §24 on swtpm: the guardian's challenge opens only for this TPM's EK and AK. */
@ExtendWith(SwtpmExtension.class)
class CredentialActivationTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void akName_computedInJava_equalsTheNameTheTpmReports(Swtpm swtpm) throws Exception {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            for (AkAlgorithm alg : AkAlgorithm.values()) {
                AkKey ak;
                long t0 = System.nanoTime();
                try (LoadedKey srk = Srk.create(tpm)) {
                    ak = AttestationKeys.create(tpm, srk, alg);
                    System.out.printf("SRK + AK %s creation: %d ms%n", alg, (System.nanoTime() - t0) / 1_000_000);
                    try (LoadedKey loaded = ak.load(tpm, srk)) {
                        assertThat(ak.name()).isEqualTo(tpm.ReadPublic(loaded.handle()).name);
                    }
                }
            }
        }
    }

    @Test
    void secret_roundTripsThroughActivateCredential(Swtpm swtpm) throws Exception {
        byte[] secret = random(32);
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            AkKey ak = newAk(tpm);
            TpmPublic ekPublic = EndorsementKey.identify(tpm).ekPublic();
            CredentialChallenge challenge = CredentialChallenge.create(ekPublic, ak.name(), secret);
            long t0 = System.nanoTime();
            byte[] recovered = activate(tpm, ak, challenge);
            System.out.printf("credential activation (load AK, create EK, session, activate): %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
            assertThat(recovered).isEqualTo(secret);
        }
    }

    @Test
    void challengeForAnAkOrEkOfAnotherTpm_failsActivation(Swtpm swtpm, @TempDir Path tmp) throws Exception {
        AkKey foreignAk;
        TpmPublic foreignEk;
        try (Swtpm other = Swtpm.start(Files.createDirectories(tmp.resolve("other")));
                Tpm otherTpm = TpmDevices.open(TpmSpec.parse(other.spec()))) {
            foreignAk = newAk(otherTpm);
            foreignEk = EndorsementKey.identify(otherTpm).ekPublic();
        }
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            AkKey localAk = newAk(tpm);
            TpmPublic ekPublic = EndorsementKey.identify(tpm).ekPublic();
            CredentialChallenge challenge = CredentialChallenge.create(ekPublic, foreignAk.name(), random(16));
            assertThatThrownBy(() -> activate(tpm, localAk, challenge))
                    .isInstanceOf(CredentialActivationException.class)
                    .hasMessageContaining("not made for this TPM's EK together with this AK");
            CredentialChallenge forForeignEk = CredentialChallenge.create(foreignEk, localAk.name(), random(16));
            assertThatThrownBy(() -> activate(tpm, localAk, forForeignEk))
                    .isInstanceOf(CredentialActivationException.class);
        }
    }

    @Test
    void parsedChallenge_equalsTheOriginalBytes(Swtpm swtpm) throws Exception {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            AkKey ak = newAk(tpm);
            CredentialChallenge c = CredentialChallenge.create(EndorsementKey.identify(tpm).ekPublic(), ak.name(),
                    random(20));
            CredentialChallenge parsed = CredentialChallenge.parse(c.idObject(), c.encryptedSecret());
            assertThat(parsed.idObject()).isEqualTo(c.idObject());
            assertThat(parsed.encryptedSecret()).isEqualTo(c.encryptedSecret());
        }
    }

    static AkKey newAk(Tpm tpm) {
        try (LoadedKey srk = Srk.create(tpm)) {
            return AttestationKeys.create(tpm, srk, AkAlgorithm.RSA_2048);
        }
    }

    static byte[] activate(Tpm tpm, AkKey ak, CredentialChallenge challenge) {
        LoadedKey loadedAk;
        try (LoadedKey srk = Srk.create(tpm)) {
            loadedAk = ak.load(tpm, srk);
        }
        try (loadedAk; LoadedKey ek = EndorsementKey.createRsa(tpm)) {
            return CredentialActivator.activate(tpm, ek, loadedAk, challenge);
        }
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
