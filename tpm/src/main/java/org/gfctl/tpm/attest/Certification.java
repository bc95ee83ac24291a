package org.gfctl.tpm.attest;

/**
 * An AK's statement that an object lives in the same TPM: the TPMS_ATTEST of TPM2_Certify
 * (TPM 2.0 Part 3 §18.2) and its TPMT_SIGNATURE.
 *
 * <p>The guardian uses it to trust a binding key: the certified name commits to the key's whole
 * public area, attributes and policy included.
 */
public final class Certification {
    private final byte[] attest;
    private final byte[] signature;

    private Certification(byte[] attest, byte[] signature) {
        this.attest = attest;
        this.signature = signature;
    }

    /** Wraps received evidence as is; nothing is trusted until {@link CertificationVerifier#verify}. */
    public static Certification create(byte[] tpmsAttest, byte[] tpmtSignature) {
        return new Certification(tpmsAttest.clone(), tpmtSignature.clone());
    }

    public byte[] attest() {
        return attest.clone();
    }

    public byte[] signature() {
        return signature.clone();
    }
}
