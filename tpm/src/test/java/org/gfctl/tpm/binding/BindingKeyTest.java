package org.gfctl.tpm.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Optional;
import org.gfctl.testing.Swtpm;
import org.gfctl.testing.SwtpmExtension;
import org.gfctl.tpm.attest.Attest;
import org.gfctl.tpm.attest.Certification;
import org.gfctl.tpm.attest.CertificationVerifier;
import org.gfctl.tpm.attest.Certifier;
import org.gfctl.tpm.attest.EvidenceRejectedException;
import org.gfctl.tpm.device.TpmDevices;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.tpm.identity.AkAlgorithm;
import org.gfctl.tpm.identity.AkKey;
import org.gfctl.tpm.identity.AttestationKeys;
import org.gfctl.tpm.internal.PolicySessions;
import org.gfctl.tpm.key.KeyBlob;
import org.gfctl.tpm.key.LoadedKey;
import org.gfctl.tpm.key.Srk;
import org.gfctl.tpm.pcr.PcrPolicy;
import org.gfctl.tpm.pcr.PcrSelection;
import org.gfctl.tpm.pcr.PcrValues;
import org.gfctl.tpm.pcr.Pcrs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tss.Tpm;
import tss.tpm.TPM_HANDLE;

/** Binding keys on swtpm: JCA OAEP in, TPM2_RSA_Decrypt out, PCR policy enforced, certified by the AK. */
@ExtendWith(SwtpmExtension.class)
class BindingKeyTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PcrSelection POLICY_PCRS = PcrSelection.of(7, 16);

    @Test
    void secretEncryptedInJava_decryptsInTheTpm_afterReloadOnANewConnection(Swtpm swtpm) throws Exception {
        BindingKey key;
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec())); LoadedKey srk = Srk.create(tpm)) {
            key = BindingKeys.create(tpm, srk, Optional.empty());
        }
        BindingKey stored = BindingKey.create(KeyBlob.create(key.blob().tpm2bPublic(), key.blob().tpm2bPrivate()),
                Optional.empty());
        byte[] secret = random(32);
        byte[] ciphertext = BindingKeyEncryptor.forKey(stored.publicArea()).encrypt(secret);
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            assertThat(BindingKeyDecryptor.decrypt(tpm, stored, ciphertext)).isEqualTo(secret);
        }
    }

    @Test
    void pcrBoundKey_decryptsWhilePcrsHold_andFailsTypedAfterPcrExtend(Swtpm swtpm) throws Exception {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            BindingKey key;
            try (LoadedKey srk = Srk.create(tpm)) {
                key = BindingKeys.create(tpm, srk, Optional.of(Pcrs.read(tpm, POLICY_PCRS)));
            }
            byte[] secret = random(48);
            byte[] ciphertext = BindingKeyEncryptor.forKey(key.publicArea()).encrypt(secret);
            assertThat(BindingKeyDecryptor.decrypt(tpm, key, ciphertext)).isEqualTo(secret);

            Pcrs.extend(tpm, 16, random(32));
            assertThatThrownBy(() -> BindingKeyDecryptor.decrypt(tpm, key, ciphertext))
                    .isInstanceOf(BindingKeyPolicyException.class)
                    .hasMessageContaining("changed since the key was created")
                    .hasMessageContaining("POLICY_FAIL (TPM_RC 0x");
        }
    }

    @Test
    void pcrPolicyDigest_computedInJava_equalsTheTpmsPolicyGetDigest(Swtpm swtpm) throws Exception {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            PcrValues values = Pcrs.read(tpm, PcrSelection.of(0, 7, 16, 23));
            TPM_HANDLE session = PolicySessions.start(tpm, RANDOM);
            try {
                tpm.PolicyPCR(session, new byte[0], values.selection().tss());
                assertThat(PcrPolicy.digest(values)).isEqualTo(tpm.PolicyGetDigest(session));
            } finally {
                tpm.FlushContext(session);
            }
        }
    }

    @Test
    void ciphertextForAnotherKey_failsTyped(Swtpm swtpm) throws Exception {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            BindingKey key;
            BindingKey other;
            try (LoadedKey srk = Srk.create(tpm)) {
                key = BindingKeys.create(tpm, srk, Optional.empty());
                other = BindingKeys.create(tpm, srk, Optional.empty());
            }
            byte[] ciphertext = BindingKeyEncryptor.forKey(other.publicArea()).encrypt(random(16));
            assertThatThrownBy(() -> BindingKeyDecryptor.decrypt(tpm, key, ciphertext))
                    .isInstanceOf(BindingKeyDecryptException.class);
            byte[] secret = random(16);
            byte[] good = BindingKeyEncryptor.forKey(key.publicArea()).encrypt(secret);
            assertThat(BindingKeyDecryptor.decrypt(tpm, key, good)).as("the TPM keeps working").isEqualTo(secret);
        }
    }

    @Test
    void bindingKeyCertifiedByAk_verifiesInJava_andOnlyForThatKeyAndNonce(Swtpm swtpm) throws Exception {
        byte[] nonce = random(32);
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            AkKey ak;
            BindingKey key;
            BindingKey other;
            try (LoadedKey srk = Srk.create(tpm)) {
                ak = AttestationKeys.create(tpm, srk, AkAlgorithm.RSA_2048);
                key = BindingKeys.create(tpm, srk, Optional.of(Pcrs.read(tpm, POLICY_PCRS)));
                other = BindingKeys.create(tpm, srk, Optional.empty());
            }
            Certification certification;
            LoadedKey loadedAk;
            LoadedKey loadedKey;
            try (LoadedKey srk = Srk.create(tpm)) {
                loadedAk = ak.load(tpm, srk);
                loadedKey = key.blob().load(tpm, srk);
            }
            try (loadedAk; loadedKey) {
                certification = Certifier.certify(tpm, loadedKey, loadedAk, nonce);
            }
            CertificationVerifier verifier = CertificationVerifier.forAk(ak.publicArea());
            Attest attest = verifier.verify(certification, key.publicArea(), nonce);
            assertThat(attest.certifiedName()).contains(key.publicArea().name());
            assertThatThrownBy(() -> verifier.verify(certification, other.publicArea(), nonce))
                    .isInstanceOfSatisfying(EvidenceRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(EvidenceRejectedException.Reason.CERTIFIED_NAME));
            assertThatThrownBy(() -> verifier.verify(certification, key.publicArea(), random(32)))
                    .isInstanceOfSatisfying(EvidenceRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(EvidenceRejectedException.Reason.NONCE));
        }
    }

    @Test
    void storedBlobsOfTheWrongKind_areRefused(Swtpm swtpm) throws Exception {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec())); LoadedKey srk = Srk.create(tpm)) {
            BindingKey key = BindingKeys.create(tpm, srk, Optional.of(Pcrs.read(tpm, POLICY_PCRS)));
            assertThatThrownBy(() -> BindingKey.create(key.blob(), Optional.empty()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("authPolicy");
            var akBlob = org.gfctl.tpm.identity.AttestationKeys.create(tpm, srk, AkAlgorithm.RSA_2048).blob();
            assertThatThrownBy(() -> BindingKey.create(akBlob, Optional.empty()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither restricted nor sign");
            assertThatThrownBy(() -> AkKey.create(key.blob()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not those of an attestation key");
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
