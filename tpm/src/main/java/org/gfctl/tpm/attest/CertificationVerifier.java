package org.gfctl.tpm.attest;

import java.security.MessageDigest;
import org.gfctl.tpm.attest.EvidenceRejectedException.Reason;
import org.gfctl.tpm.key.TpmPublic;

/**
 * Verifies a {@link Certification} against an enrolled AK and the public area it should certify,
 * without a TPM.
 *
 * <p>TPM 2.0 Part 2 §10.12.1: a TPM_ST_ATTEST_CERTIFY body carries the certified object's name,
 * {@code nameAlg || H(TPMT_PUBLIC)}; the verifier recomputes it from the presented public area,
 * so the attributes and policy the guardian sees are the ones the TPM certified.
 */
public final class CertificationVerifier {
    private final SignedAttest signed;

    private CertificationVerifier(SignedAttest signed) {
        this.signed = signed;
    }

    /** A verifier for certifications by the AK with public area {@code akPublic}. */
    public static CertificationVerifier forAk(TpmPublic akPublic) {
        return new CertificationVerifier(new SignedAttest(akPublic));
    }

    /**
     * Returns the parsed certification when it is signed by the AK, answers {@code expectedNonce}
     * and certifies {@code certified}.
     *
     * @throws AttestParseException when the attest or signature bytes are malformed
     * @throws EvidenceRejectedException naming the first check that failed
     */
    public Attest verify(Certification certification, TpmPublic certified, byte[] expectedNonce) {
        Attest attest = signed.check(certification.attest(), certification.signature(), Attest.Type.CERTIFY,
                expectedNonce);
        byte[] name = attest.certifiedName().orElseThrow();
        if (!MessageDigest.isEqual(name, certified.name())) {
            throw new EvidenceRejectedException(Reason.CERTIFIED_NAME, "the AK certified object "
                    + SignedAttest.hex(name) + ", not the presented key " + SignedAttest.hex(certified.name())
                    + "; certify the key that is being enrolled");
        }
        return attest;
    }
}
