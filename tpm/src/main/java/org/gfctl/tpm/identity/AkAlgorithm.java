package org.gfctl.tpm.identity;

/** The signature algorithms an attestation key can have. */
public enum AkAlgorithm {
    /** RSA-2048, RSASSA-PKCS1-v1_5 with SHA-256. */
    RSA_2048,
    /** NIST P-256, ECDSA with SHA-256. */
    ECC_P256
}
