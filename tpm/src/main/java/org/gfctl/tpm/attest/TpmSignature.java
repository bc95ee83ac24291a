package org.gfctl.tpm.attest;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * A parsed TPMT_SIGNATURE (TPM 2.0 Part 2 §11.3.4) and its verification with JCA.
 *
 * <p>Supported: RSASSA-PKCS1-v1_5 and ECDSA, each with SHA-256, the schemes gfctl's AKs use.
 * ECDSA's r and s are passed to JCA in IEEE P1363 form (r || s, each 32 bytes for P-256).
 */
public final class TpmSignature {
    static final int TPM_ALG_RSASSA = 0x0014;
    static final int TPM_ALG_ECDSA = 0x0018;
    private static final int TPM_ALG_SHA256 = 0x000B;
    private static final int MAX_RSA = 512;
    private static final int MAX_ECC = 66;
    private static final int P256_BYTES = 32;
    private final int sigAlg;
    private final byte[] rsa;
    private final byte[] r;
    private final byte[] s;

    private TpmSignature(int sigAlg, byte[] rsa, byte[] r, byte[] s) {
        this.sigAlg = sigAlg;
        this.rsa = rsa;
        this.r = r;
        this.s = s;
    }

    /**
     * Parses marshalled TPMT_SIGNATURE bytes (tpm2-tools' default "tss" signature format).
     *
     * @throws AttestParseException when malformed or not RSASSA/ECDSA with SHA-256
     */
    public static TpmSignature parse(byte[] bytes) {
        StructReader in = new StructReader("TPMT_SIGNATURE", bytes);
        int alg = in.u16("sigAlg");
        if (alg != TPM_ALG_RSASSA && alg != TPM_ALG_ECDSA) {
            throw in.fail(0, String.format("sigAlg 0x%04x is not RSASSA (0x0014) or ECDSA (0x0018)", alg));
        }
        int hash = in.u16("hash");
        if (hash != TPM_ALG_SHA256) {
            throw in.fail(2, String.format("hash 0x%04x is not SHA256 (0x000b)", hash));
        }
        TpmSignature sig;
        if (alg == TPM_ALG_RSASSA) {
            sig = new TpmSignature(alg, in.sized("sig", MAX_RSA), null, null);
        } else {
            sig = new TpmSignature(alg, null, in.sized("signatureR", MAX_ECC), in.sized("signatureS", MAX_ECC));
        }
        in.end();
        return sig;
    }

    /** Whether this is an RSASSA signature (otherwise ECDSA). */
    public boolean isRsa() {
        return sigAlg == TPM_ALG_RSASSA;
    }

    /**
     * Whether this signs {@code message} under {@code key}; false also when the scheme does not fit
     * the key type.
     */
    public boolean verify(PublicKey key, byte[] message) {
        try {
            if (isRsa() && key instanceof RSAPublicKey) {
                Signature v = Signature.getInstance("SHA256withRSA");
                v.initVerify(key);
                v.update(message);
                return v.verify(rsa);
            }
            if (!isRsa() && key instanceof ECPublicKey) {
                byte[] p1363 = p1363(r, s);
                if (p1363 == null) {
                    return false;
                }
                Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
                v.initVerify(key);
                v.update(message);
                return v.verify(p1363);
            }
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] p1363(byte[] r, byte[] s) {
        byte[] out = new byte[2 * P256_BYTES];
        return place(r, out, 0) && place(s, out, P256_BYTES) ? out : null;
    }

    private static boolean place(byte[] v, byte[] out, int at) {
        int start = 0;
        while (start < v.length && v[start] == 0) {
            start++;
        }
        int len = v.length - start;
        if (len > P256_BYTES) {
            return false;
        }
        System.arraycopy(v, start, out, at + P256_BYTES - len, len);
        return true;
    }
}
