package org.gfctl.tpm.eventlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * A hash algorithm that an event log bank can use, with its TPM_ALG_ID and digest size.
 *
 * <p>IDs and sizes from the TCG Algorithm Registry (TPM_ALG_ID); a log may name others, which the
 * parser keeps (their size comes from the Spec ID event, TCG PC Client PFP §10.4.5.1) but cannot
 * replay. SM3 comes from Bouncy Castle because the JDK has no SM3.
 */
public enum DigestAlgorithm {
    SHA1(0x0004, 20, "sha1", "SHA-1"),
    SHA256(0x000B, 32, "sha256", "SHA-256"),
    SHA384(0x000C, 48, "sha384", "SHA-384"),
    SHA512(0x000D, 64, "sha512", "SHA-512"),
    SM3_256(0x0012, 32, "sm3_256", null),
    SHA3_256(0x0027, 32, "sha3_256", "SHA3-256"),
    SHA3_384(0x0028, 48, "sha3_384", "SHA3-384"),
    SHA3_512(0x0029, 64, "sha3_512", "SHA3-512");

    private final int id;
    private final int size;
    private final String displayName;
    private final String jcaName;

    DigestAlgorithm(int id, int size, String displayName, String jcaName) {
        this.id = id;
        this.size = size;
        this.displayName = displayName;
        this.jcaName = jcaName;
    }

    /** The TPM_ALG_ID. */
    public int id() {
        return id;
    }

    /** The digest size in bytes. */
    public int size() {
        return size;
    }

    /** The tpm2-tools style name, e.g. {@code sha256}. */
    public String displayName() {
        return displayName;
    }

    /** The algorithm with this TPM_ALG_ID, if it is one of the known hash algorithms. */
    public static Optional<DigestAlgorithm> byId(int id) {
        for (DigestAlgorithm a : values()) {
            if (a.id == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The display name of any TPM_ALG_ID: {@code sha256}, or {@code 0x1234} when unknown. */
    public static String nameOf(int id) {
        return byId(id).map(DigestAlgorithm::displayName).orElse(String.format("0x%04x", id));
    }

    /** The hash of the concatenation of {@code parts}. */
    public byte[] hash(byte[]... parts) {
        if (jcaName == null) {
            SM3Digest sm3 = new SM3Digest();
            for (byte[] p : parts) {
                sm3.update(p, 0, p.length);
            }
            byte[] out = new byte[sm3.getDigestSize()];
            sm3.doFinal(out, 0);
            return out;
        }
        try {
            MessageDigest md = MessageDigest.getInstance(jcaName);
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jcaName, e);
        }
    }
}
