package org.gfctl.tpm.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.gfctl.testing.Swtpm;
import org.gfctl.testing.SwtpmExtension;
import org.gfctl.tpm.nv.NvIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tss.Tpm;
import tss.tpm.PCR_ReadResponse;
import tss.tpm.TPMS_PCR_SELECTION;
import tss.tpm.TPM_ALG_ID;

/** Proof that TSS.Java drives a real TPM stack here: the harness swtpm, over our socket device. */
@ExtendWith(SwtpmExtension.class)
class SwtpmDeviceTest {

    @Test
    void getRandom_returnsRequestedBytes_thatDiffer(Swtpm swtpm) throws Exception {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            byte[] a = tpm.GetRandom(32);
            byte[] b = tpm.GetRandom(32);
            assertThat(a).hasSize(32);
            assertThat(b).hasSize(32).isNotEqualTo(a);
        }
    }

    @Test
    void pcrRead_ofFreshTpm_isAllZeroInSha256Bank(Swtpm swtpm) throws Exception {
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            PCR_ReadResponse r = tpm.PCR_Read(new TPMS_PCR_SELECTION[] {
                new TPMS_PCR_SELECTION(TPM_ALG_ID.SHA256, new int[] {0, 7})});
            assertThat(r.pcrValues).hasSize(2);
            assertThat(r.pcrValues[0].buffer).hasSize(32).containsOnly(0);
        }
    }

    @Test
    void ekCertificate_readFromNv_chainsToTheHarnessCa(Swtpm swtpm) throws Exception {
        byte[] der;
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            der = NvIndex.read(tpm, NvIndex.EK_CERT_RSA2048);
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate ek = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
        assertThat(ek.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(ek.getIssuerX500Principal()).isEqualTo(swtpm.caIntermediate().getSubjectX500Principal());

        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(swtpm.caRoot(), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                cf.generateCertPath(List.of(ek, swtpm.caIntermediate())), params);
    }
}
