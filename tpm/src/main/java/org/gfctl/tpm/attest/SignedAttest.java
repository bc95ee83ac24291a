package org.gfctl.tpm.attest;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.HexFormat;
import org.gfctl.tpm.attest.EvidenceRejectedException.Reason;
import org.gfctl.tpm.key.TpmPublic;

/**
 * The checks quotes and certifications share: the key is an AK, the TPMS_ATTEST is signed by it,
 * has the expected type and carries the verifier's nonce.
 *
 * <p>TPM 2.0 Part 1 §25.2: only a restricted signing key guarantees that signed data starting
 * with TPM_GENERATED_VALUE was produced by the TPM itself.
 */
final class SignedAttest {
    private static final int FIXED_TPM = 1 << 1;
    private static final int RESTRICTED = 1 << 16;
    private static final int SIGN = 1 << 18;
    private final TpmPublic ak;
    private final PublicKey key;

    SignedAttest(TpmPublic ak) {
        int required = FIXED_TPM | RESTRICTED | SIGN;
        if ((ak.attributes() & required) != required) {
            throw new EvidenceRejectedException(Reason.KEY_NOT_AN_AK, String.format(
                    "key %s is not an attestation key: attributes 0x%08x lack fixedTPM|restricted|sign; enroll a "
                            + "restricted signing key created inside the TPM", hex(ak.name()), ak.attributes()));
        }
        this.ak = ak;
        this.key = ak.publicKey();
    }

    /** Parses and checks; returns the parsed attest or throws with the first failed check. */
    Attest check(byte[] attestBytes, byte[] signatureBytes, Attest.Type expectedType, byte[] expectedNonce) {
        Attest attest = Attest.parse(attestBytes);
        TpmSignature signature = TpmSignature.parse(signatureBytes);
        if (!signature.verify(key, attestBytes)) {
            throw new EvidenceRejectedException(Reason.SIGNATURE, "the " + expectedType.name().toLowerCase()
                    + " signature does not verify with AK " + hex(ak.name()) + ": the evidence was altered or signed "
                    + "by another key; collect fresh evidence with the enrolled AK");
        }
        if (attest.type() != expectedType) {
            throw new EvidenceRejectedException(Reason.TYPE, "expected a " + expectedType + " attestation, got "
                    + attest.type());
        }
        if (!MessageDigest.isEqual(attest.extraData(), expectedNonce)) {
            throw new EvidenceRejectedException(Reason.NONCE, "the " + expectedType.name().toLowerCase()
                    + " answers a different nonce than this verifier's challenge: a replay or a stale quote; "
                    + "request new evidence for the current nonce");
        }
        return attest;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
