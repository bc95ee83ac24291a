package org.gfctl.tpm.key;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import org.gfctl.tpm.TpmFormatException;
import tss.tpm.TPM2B_PUBLIC;
import tss.tpm.TPM2B_PUBLIC_KEY_RSA;
import tss.tpm.TPMS_ECC_PARMS;
import tss.tpm.TPMS_ECC_POINT;
import tss.tpm.TPMS_RSA_PARMS;
import tss.tpm.TPMT_PUBLIC;
import tss.tpm.TPM_ALG_ID;
import tss.tpm.TPM_ECC_CURVE;

/**
 * The public area of a TPM object (a marshalled {@code TPMT_PUBLIC}) and what follows from it:
 * its TPM name and its JCA public key.
 *
 * <p>The name is {@code nameAlg || H_nameAlg(TPMT_PUBLIC)} (TPM 2.0 Part 1 §16); guardians compute
 * it themselves rather than trusting a name a host reports. Only SHA-256 names are accepted.
 */
public final class TpmPublic {
    private static final int ALG_SHA256 = 0x000B;
    private static final int RSA_DEFAULT_EXPONENT = 65537;
    private final byte[] bytes;
    private final TPMT_PUBLIC area;

    private TpmPublic(byte[] bytes, TPMT_PUBLIC area) {
        this.bytes = bytes;
        this.area = area;
    }

    /** Wraps a public area TSS.Java returned from the TPM. */
    public static TpmPublic of(TPMT_PUBLIC area) {
        return parse(area.toBytes());
    }

    /** Parses a marshalled {@code TPMT_PUBLIC}; trailing bytes and non-SHA-256 names are rejected. */
    public static TpmPublic parse(byte[] tpmtPublic) {
        TPMT_PUBLIC area;
        try {
            area = TPMT_PUBLIC.fromBytes(tpmtPublic.clone());
        } catch (RuntimeException e) {
            throw new TpmFormatException("TPMT_PUBLIC: not a marshalled public area (" + e.getMessage() + ")", e);
        }
        byte[] again = area.toBytes();
        if (!Arrays.equals(again, tpmtPublic)) {
            throw new TpmFormatException("TPMT_PUBLIC: " + tpmtPublic.length + " bytes given but the structure is "
                    + again.length + " bytes long or not canonical");
        }
        if (area.nameAlg != TPM_ALG_ID.SHA256) {
            throw new TpmFormatException("TPMT_PUBLIC: nameAlg must be SHA256, not " + area.nameAlg);
        }
        return new TpmPublic(tpmtPublic.clone(), area);
    }

    /** Parses a {@code TPM2B_PUBLIC} (the size-prefixed form tpm2-tools writes as "tss" public files). */
    public static TpmPublic parseTpm2b(byte[] tpm2bPublic) {
        if (tpm2bPublic.length < 2) {
            throw new TpmFormatException("TPM2B_PUBLIC: " + tpm2bPublic.length + " bytes, need at least 2");
        }
        int size = ((tpm2bPublic[0] & 0xff) << 8) | (tpm2bPublic[1] & 0xff);
        if (size != tpm2bPublic.length - 2) {
            throw new TpmFormatException("TPM2B_PUBLIC: size field says " + size + " but " + (tpm2bPublic.length - 2)
                    + " bytes follow");
        }
        return parse(Arrays.copyOfRange(tpm2bPublic, 2, tpm2bPublic.length));
    }

    /** The marshalled {@code TPMT_PUBLIC}. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The marshalled {@code TPM2B_PUBLIC}: the size-prefixed form {@code TPM2_Load} takes. */
    public byte[] tpm2bBytes() {
        return new TPM2B_PUBLIC(tss()).toBytes();
    }

    /** A fresh TSS.Java copy of the public area, for passing to TPM commands. */
    public TPMT_PUBLIC tss() {
        return TPMT_PUBLIC.fromBytes(bytes.clone());
    }

    /** The TPM name: {@code 0x000B || SHA-256(TPMT_PUBLIC)}. */
    public byte[] name() {
        byte[] digest = sha256(bytes);
        byte[] name = new byte[2 + digest.length];
        name[0] = (byte) (ALG_SHA256 >>> 8);
        name[1] = (byte) ALG_SHA256;
        System.arraycopy(digest, 0, name, 2, digest.length);
        return name;
    }

    /** The TPMA_OBJECT attribute bits (Part 2 §8.3). */
    public int attributes() {
        return area.objectAttributes.toInt();
    }

    /** The authPolicy digest; empty when the object has no policy. */
    public byte[] authPolicy() {
        return area.authPolicy == null ? new byte[0] : area.authPolicy.clone();
    }

    /** Whether this is an RSA key (otherwise ECC). */
    public boolean isRsa() {
        return area.parameters instanceof TPMS_RSA_PARMS;
    }

    /** The RSA modulus, big-endian unsigned; fails for ECC keys. */
    public byte[] rsaModulus() {
        if (!(area.unique instanceof TPM2B_PUBLIC_KEY_RSA rsa)) {
            throw new TpmFormatException("TPMT_PUBLIC: not an RSA key but " + area.type());
        }
        return rsa.buffer.clone();
    }

    /** The JCA public key: RSA (exponent 0 meaning 65537, Part 2 §12.2.3.5) or EC P-256. */
    public PublicKey publicKey() {
        try {
            if (area.parameters instanceof TPMS_RSA_PARMS parms && area.unique instanceof TPM2B_PUBLIC_KEY_RSA rsa) {
                int exponent = parms.exponent == 0 ? RSA_DEFAULT_EXPONENT : parms.exponent;
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, rsa.buffer), BigInteger.valueOf(Integer.toUnsignedLong(exponent))));
            }
            if (area.parameters instanceof TPMS_ECC_PARMS parms && area.unique instanceof TPMS_ECC_POINT point) {
                if (parms.curveID != TPM_ECC_CURVE.NIST_P256) {
                    throw new TpmFormatException("TPMT_PUBLIC: ECC curve " + parms.curveID + " is not supported, only NIST_P256");
                }
                AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
                ap.init(new ECGenParameterSpec("secp256r1"));
                ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                        new ECPoint(new BigInteger(1, point.x), new BigInteger(1, point.y)), spec));
            }
        } catch (GeneralSecurityException e) {
            throw new TpmFormatException("TPMT_PUBLIC: the key is not a valid " + area.type() + " public key", e);
        }
        throw new TpmFormatException("TPMT_PUBLIC: key type " + area.type() + " is not supported (RSA or ECC)");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TpmPublic p && Arrays.equals(p.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "TpmPublic[" + area.type() + ", name=" + java.util.HexFormat.of().formatHex(name()) + "]";
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 runtime has SHA-256", e);
        }
    }
}
