package org.gfctl.tpm.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import org.gfctl.testing.Swtpm;
import org.gfctl.testing.SwtpmExtension;
import org.gfctl.tpm.device.TpmDevices;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.tpm.key.LoadedKey;
import org.gfctl.tpm.key.TpmPublic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tss.Tpm;
import tss.tpm.TPM2B_PUBLIC_KEY_RSA;
import tss.tpm.TPMT_PUBLIC;

/** The EK from the default template matches the swtpm vendor certificate, and a mismatch is typed. */
@ExtendWith(SwtpmExtension.class)
class EndorsementKeyTest {

    @Test
    void identify_ekCertificateCertifiesTheCreatedEk(Swtpm swtpm) throws Exception {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            long t0 = System.nanoTime();
            EkIdentity ek = EndorsementKey.identify(tpm);
            System.out.printf("EK identify (NV read + CreatePrimary RSA-2048): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(ek.certificate().getIssuerX500Principal())
                    .isEqualTo(swtpm.caIntermediate().getSubjectX500Principal());
            assertThat(((RSAPublicKey) ek.ekPublic().publicKey()).getModulus())
                    .isEqualTo(((RSAPublicKey) ek.certificate().getPublicKey()).getModulus());
        }
    }

    @Test
    void ekCreatedFromTemplate_equalsTheEkSwtpmPersisted_andItsNameMatchesTheTpm(Swtpm swtpm) throws Exception {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()));
                LoadedKey ek = EndorsementKey.createRsa(tpm)) {
            byte[] tpmName = tpm.ReadPublic(ek.handle()).name;
            assertThat(ek.name()).isEqualTo(tpmName);
            TPMT_PUBLIC persisted = tpm.ReadPublic(tss.tpm.TPM_HANDLE.from(0x81010001)).outPublic;
            assertThat(TpmPublic.of(persisted)).isEqualTo(ek.publicArea());
        }
    }

    @Test
    void ekCertificateForAnotherKey_isAMismatch(Swtpm swtpm) throws Exception {
        X509Certificate cert;
        TpmPublic ekPublic;
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()));
                LoadedKey ek = EndorsementKey.createRsa(tpm)) {
            cert = EkCertificates.read(tpm, EkCertificates.Slot.RSA_2048).orElseThrow();
            ekPublic = ek.publicArea();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        BigInteger otherModulus = ((RSAPublicKey) g.generateKeyPair().getPublic()).getModulus();
        TPMT_PUBLIC other = ekPublic.tss();
        other.unique = new TPM2B_PUBLIC_KEY_RSA(toUnsigned(otherModulus));
        assertThatThrownBy(() -> EkIdentity.create(TpmPublic.of(other), cert))
                .isInstanceOf(EkCertificateMismatchException.class)
                .hasMessageContaining("RSA modulus differs");
    }

    @Test
    void eccEkCertificates_areProvisionedAndReadable(Swtpm swtpm) throws Exception {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            for (EkCertificates.Slot slot : EkCertificates.Slot.values()) {
                EkCertificates.read(tpm, slot).ifPresent(c -> assertThat(c.getIssuerX500Principal())
                        .isEqualTo(swtpm.caIntermediate().getSubjectX500Principal()));
            }
            assertThat(EkCertificates.read(tpm, EkCertificates.Slot.RSA_2048)).isPresent();
        }
    }

    private static byte[] toUnsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b.length == 257 ? java.util.Arrays.copyOfRange(b, 1, 257) : b;
    }
}
