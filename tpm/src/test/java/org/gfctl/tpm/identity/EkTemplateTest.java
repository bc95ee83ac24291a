package org.gfctl.tpm.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import tss.tpm.TPMA_OBJECT;
import tss.tpm.TPMT_PUBLIC;

/** The EK template is TCG EK Credential Profile 2.0 template L-1. */
class EkTemplateTest {

    @Test
    void ekAuthPolicy_isPolicySecretOfTheEndorsementHierarchy() throws Exception {
        // TPM 2.0 Part 3 §23.4 PolicySecret: d1 = H(0^32 || TPM_CC_PolicySecret || name(TPM_RH_ENDORSEMENT)),
        // d2 = H(d1 || policyRef) with an empty policyRef; EK Credential Profile §B.3.2 gives the result.
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] d1 = sha.digest(ByteBuffer.allocate(40).put(new byte[32]).putInt(0x00000151).putInt(0x4000000B).array());
        assertThat(sha.digest(d1)).isEqualTo(EndorsementKey.POLICY_SECRET_ENDORSEMENT);
    }

    @Test
    void rsaTemplate_hasTheL1AttributesAndAZeroUniqueOf256Bytes() {
        TPMT_PUBLIC t = EndorsementKey.rsaTemplate();
        assertThat(t.objectAttributes.toInt()).isEqualTo(new TPMA_OBJECT(TPMA_OBJECT.fixedTPM, TPMA_OBJECT.fixedParent,
                TPMA_OBJECT.sensitiveDataOrigin, TPMA_OBJECT.adminWithPolicy, TPMA_OBJECT.restricted,
                TPMA_OBJECT.decrypt).toInt()).isEqualTo(0x000300b2);
        assertThat(((tss.tpm.TPM2B_PUBLIC_KEY_RSA) t.unique).buffer).hasSize(256).containsOnly(0);
    }
}
