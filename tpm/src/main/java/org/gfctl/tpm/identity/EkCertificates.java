package org.gfctl.tpm.identity;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.gfctl.tpm.TpmFormatException;
import org.gfctl.tpm.nv.NvIndex;
import tss.Tpm;

/**
 * Reads the EK certificates a TPM vendor provisioned into NV.
 *
 * <p>TCG EK Credential Profile 2.0 §2.2.1.4: RSA-2048 at {@code 0x01c00002}, ECC P-256 at
 * {@code 0x01c0000a}, ECC P-384 (high range) at {@code 0x01c00016}; each holds one DER certificate.
 */
public final class EkCertificates {

    /** The EK certificate slots this class knows. */
    public enum Slot {
        RSA_2048(NvIndex.EK_CERT_RSA2048),
        ECC_P256(NvIndex.EK_CERT_ECC_P256),
        ECC_P384(NvIndex.EK_CERT_ECC_P384);

        private final int nvIndex;

        Slot(int nvIndex) {
            this.nvIndex = nvIndex;
        }

        public int nvIndex() {
            return nvIndex;
        }
    }

    private EkCertificates() {}

    /** The certificate in {@code slot}, or empty when the TPM has no such NV index. */
    public static Optional<X509Certificate> read(Tpm tpm, Slot slot) {
        if (!NvIndex.exists(tpm, slot.nvIndex())) {
            return Optional.empty();
        }
        return Optional.of(parse(NvIndex.read(tpm, slot.nvIndex()), slot));
    }

    /** Parses DER from an EK certificate NV index. */
    static X509Certificate parse(byte[] der, Slot slot) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new TpmFormatException(String.format(
                    "EK certificate at NV 0x%08x (%s) is not a DER X.509 certificate: %s", slot.nvIndex(), slot,
                    e.getMessage()), e);
        }
    }
}
