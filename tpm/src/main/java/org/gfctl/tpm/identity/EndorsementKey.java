package org.gfctl.tpm.identity;

import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.gfctl.tpm.TpmException;
import org.gfctl.tpm.internal.TpmCalls;
import org.gfctl.tpm.key.LoadedKey;
import org.gfctl.tpm.key.TpmPublic;
import tss.Tpm;
import tss.tpm.CreatePrimaryResponse;
import tss.tpm.TPM2B_PUBLIC_KEY_RSA;
import tss.tpm.TPMA_OBJECT;
import tss.tpm.TPMS_NULL_ASYM_SCHEME;
import tss.tpm.TPMS_PCR_SELECTION;
import tss.tpm.TPMS_RSA_PARMS;
import tss.tpm.TPMS_SENSITIVE_CREATE;
import tss.tpm.TPMT_PUBLIC;
import tss.tpm.TPMT_SYM_DEF_OBJECT;
import tss.tpm.TPM_ALG_ID;
import tss.tpm.TPM_HANDLE;
import tss.tpm.TPM_RH;

/**
 * Creates the RSA-2048 endorsement key from the TCG default template and binds it to its
 * certificate.
 *
 * <p>TCG EK Credential Profile 2.0 §2.1.5.1, template L-1: a restricted decryption key whose
 * user role needs PolicySecret(TPM_RH_ENDORSEMENT), so only the endorsement hierarchy's holder can
 * use it. The primary seed makes CreatePrimary deterministic: the key we create is the key the
 * vendor certified, which {@link #identify} checks.
 */
public final class EndorsementKey {
    /** PolicySecret(TPM_RH_ENDORSEMENT) with SHA-256, EK Credential Profile §B.3.2. */
    static final byte[] POLICY_SECRET_ENDORSEMENT = HexFormat.of()
            .parseHex("837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa");
    private static final int RSA_BITS = 2048;

    private EndorsementKey() {}

    /** Template L-1 (RSA-2048, AES-128-CFB, SHA-256 name, unique = 256 zero bytes). */
    public static TPMT_PUBLIC rsaTemplate() {
        TPMA_OBJECT attributes = new TPMA_OBJECT(TPMA_OBJECT.fixedTPM, TPMA_OBJECT.fixedParent,
                TPMA_OBJECT.sensitiveDataOrigin, TPMA_OBJECT.adminWithPolicy, TPMA_OBJECT.restricted,
                TPMA_OBJECT.decrypt);
        return new TPMT_PUBLIC(TPM_ALG_ID.SHA256, attributes, POLICY_SECRET_ENDORSEMENT.clone(),
                new TPMS_RSA_PARMS(new TPMT_SYM_DEF_OBJECT(TPM_ALG_ID.AES, 128, TPM_ALG_ID.CFB),
                        new TPMS_NULL_ASYM_SCHEME(), RSA_BITS, 0),
                new TPM2B_PUBLIC_KEY_RSA(new byte[RSA_BITS / 8]));
    }

    /** Creates the RSA EK as a transient key (endorsement hierarchy, empty hierarchy auth). */
    public static LoadedKey createRsa(Tpm tpm) {
        CreatePrimaryResponse r = TpmCalls.call(tpm, "TPM2_CreatePrimary(EK)",
                "the endorsement hierarchy must have an empty authorization and an object slot must be free",
                () -> tpm.CreatePrimary(TPM_HANDLE.from(TPM_RH.ENDORSEMENT),
                        new TPMS_SENSITIVE_CREATE(new byte[0], new byte[0]), rsaTemplate(), new byte[0],
                        new TPMS_PCR_SELECTION[0]));
        return LoadedKey.of(tpm, r.handle, TpmPublic.of(r.outPublic));
    }

    /**
     * Reads the RSA EK certificate, creates the RSA EK and checks that the certificate certifies it.
     * The transient EK is flushed again.
     *
     * @throws EkCertificateMismatchException when the certificate's key is not this EK
     * @throws TpmException when the TPM has no RSA EK certificate
     */
    public static EkIdentity identify(Tpm tpm) {
        X509Certificate cert = EkCertificates.read(tpm, EkCertificates.Slot.RSA_2048).orElseThrow(() ->
                new TpmException("this TPM has no RSA EK certificate at NV 0x01c00002: it was not provisioned by its "
                        + "vendor (for swtpm run swtpm_setup --create-ek-cert)"));
        try (LoadedKey ek = createRsa(tpm)) {
            return EkIdentity.create(ek.publicArea(), cert);
        }
    }
}
