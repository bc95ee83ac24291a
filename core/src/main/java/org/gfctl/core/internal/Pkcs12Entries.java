package org.gfctl.core.internal;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.security.auth.DestroyFailedException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.AuthenticatedSafe;
import org.bouncycastle.asn1.pkcs.CertBag;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.pkcs.SafeBag;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.KeyRefusedException;

/**
 * The key entries of a PKCS#12 file (RFC 7292), one at a time, read after the file's MAC is
 * checked: a certificate without decrypting any private key, or one key with its certificate.
 *
 * <p>The JDK's {@code KeyStore.load} decrypts every bag and, to build chains, checks the signature
 * of every self-signed certificate. For a guardian key store that is an RSA and two P-384
 * verifications in a cold JVM (SunEC's field arithmetic interpreted, then compiled) and a
 * derivation for each key it will not use: {@code audit verify} needs only the audit certificate,
 * and the audit entry every command appends only the audit key (docs/audit.md). This reads what
 * the JDK writes (and {@code openssl pkcs12 -export}): the authenticated safe's plain and
 * password-encrypted contents (a file with a public-key-protected safe is refused, as by the JDK),
 * the shrouded key bags' friendly names and local key ids, and the certificate bag paired with a
 * key as the JDK pairs them, ambiguity refused ({@link #certificateOf}). The algorithms (the MAC's
 * PKCS#12 key derivation, PBES2 and the older PKCS#12 PBE ciphers, the PKCS#8 parser) are the
 * JDK's own. A key that does not decrypt with a password the MAC accepted is reported as damaged
 * ({@link InvalidFormatException}), not as a wrong password: gfctl protects every key with the
 * store's password.
 */
public final class Pkcs12Entries {
    /** The attribute by which the JDK marks a certificate entry (a trusted certificate, not a key's). */
    static final ASN1ObjectIdentifier TRUSTED_KEY_USAGE = new ASN1ObjectIdentifier("2.16.840.1.113894.746875.1.1");
    /** The JDK's own limit on a PKCS#12 MAC's or cipher's iteration count. */
    static final int MAX_ITERATIONS = 5_000_000;
    private static final Map<ASN1ObjectIdentifier, String> MACS = Map.of(
            OIWObjectIdentifiers.idSHA1, "HmacPBESHA1",
            NISTObjectIdentifiers.id_sha224, "HmacPBESHA224",
            NISTObjectIdentifiers.id_sha256, "HmacPBESHA256",
            NISTObjectIdentifiers.id_sha384, "HmacPBESHA384",
            NISTObjectIdentifiers.id_sha512, "HmacPBESHA512",
            NISTObjectIdentifiers.id_sha512_224, "HmacPBESHA512/224",
            NISTObjectIdentifiers.id_sha512_256, "HmacPBESHA512/256");

    private final List<SafeBag> bags;

    private Pkcs12Entries(List<SafeBag> bags) {
        this.bags = bags;
    }

    /**
     * The bags of {@code der} (the content of {@code file}), once its MAC is checked with
     * {@code password}.
     *
     * @param name how a refusal names the store, e.g. "the guardian key store FILE"
     * @throws InvalidFormatException not a PKCS#12 file, or one without a MAC (whose certificates
     *     anyone able to write the file could have replaced)
     * @throws KeyRefusedException the MAC does not match: a wrong password, or a changed file
     */
    public static Pkcs12Entries read(byte[] der, char[] password, Path file, String name) {
        Pfx pfx;
        byte[] content;
        try {
            pfx = Pfx.getInstance(ASN1Primitive.fromByteArray(der));
            ContentInfo authSafe = pfx.getAuthSafe();
            if (!PKCSObjectIdentifiers.data.equals(authSafe.getContentType()) || authSafe.getContent() == null) {
                throw new IllegalArgumentException("its authenticated safe is " + authSafe.getContentType()
                        + (authSafe.getContent() == null ? " without content" : "") + ", not data (public-key integrity"
                        + " mode is not supported)");
            }
            content = ASN1OctetString.getInstance(authSafe.getContent()).getOctets();
        } catch (java.io.IOException | RuntimeException e) {
            throw new InvalidFormatException(file + " is not a PKCS#12 key store (" + e.getMessage() + ")", e);
        }
        if (pfx.getMacData() == null) {
            throw new InvalidFormatException(name + " has no integrity MAC: refusing to trust its certificates"
                    + " (gfctl writes one; was the file replaced?)");
        }
        checkMac(pfx.getMacData(), content, password, file, name);
        try {
            List<SafeBag> bags = new ArrayList<>();
            for (ContentInfo ci : AuthenticatedSafe.getInstance(ASN1Primitive.fromByteArray(content)).getContentInfo()) {
                byte[] safeContents;
                if (PKCSObjectIdentifiers.data.equals(ci.getContentType())) {
                    safeContents = ASN1OctetString.getInstance(ci.getContent()).getOctets();
                } else if (PKCSObjectIdentifiers.encryptedData.equals(ci.getContentType())) {
                    EncryptedData data = EncryptedData.getInstance(ci.getContent());
                    safeContents = decrypt(data.getEncryptionAlgorithm(), data.getContent().getOctets(), password);
                } else { // envelopedData (public-key privacy mode): refused, as the JDK does
                    throw new IllegalArgumentException("a safe of type " + ci.getContentType() + " (public-key privacy"
                            + " mode is not supported)");
                }
                for (ASN1Encodable bag : ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(safeContents))) {
                    bags.add(SafeBag.getInstance(bag));
                }
            }
            return new Pkcs12Entries(bags);
        } catch (java.io.IOException | GeneralSecurityException | RuntimeException e) {
            // the MAC matched, so the password is right and the file is as written: malformed, not refused
            throw new InvalidFormatException(file + " is not a PKCS#12 key store gfctl can read (" + e.getMessage() + ")",
                    e);
        }
    }

    /**
     * The certificate of the key entry named {@code alias} (its friendly name, compared as the JDK
     * does, ignoring case), or null if no key bag has that name.
     *
     * @throws InvalidFormatException two key bags with that name, or a key without its certificate
     */
    public X509Certificate keyEntryCertificate(String alias) {
        SafeBag key = keyBag(alias);
        return key == null ? null : certificateOf(key, alias);
    }

    /**
     * The private key and certificate of the key entry named {@code alias}, or null if no key bag
     * has that name; the key is decrypted with {@code password}.
     */
    public Entry keyEntry(String alias, char[] password) {
        SafeBag key = keyBag(alias);
        if (key == null) {
            return null;
        }
        X509Certificate certificate = certificateOf(key, alias);
        try {
            AlgorithmIdentifier alg = EncryptedPrivateKeyInfo.getInstance(key.getBagValue()).getEncryptionAlgorithm();
            // the JDK's own parser of the decrypted PKCS#8 names the key's algorithm (EC, RSA)
            PKCS8EncodedKeySpec spec = new javax.crypto.EncryptedPrivateKeyInfo(key.getBagValue().toASN1Primitive()
                    .getEncoded()).getKeySpec(cipher(alg, password));
            return new Entry(KeyFactory.getInstance(spec.getAlgorithm()).generatePrivate(spec), certificate);
        } catch (java.io.IOException | GeneralSecurityException | RuntimeException e) {
            // the MAC matched, so the password is the store's (gfctl protects every key with it): a key
            // that does not decrypt with it is damaged, not refused
            throw new InvalidFormatException("the key store's key '" + alias + "' is not readable: " + e.getMessage(), e);
        }
    }

    /** A private key and its certificate. */
    public record Entry(PrivateKey privateKey, X509Certificate certificate) {}

    private SafeBag keyBag(String alias) {
        SafeBag key = null;
        for (SafeBag b : bags) {
            if (PKCSObjectIdentifiers.pkcs8ShroudedKeyBag.equals(b.getBagId()) && sameAlias(alias, b)) {
                if (key != null) {
                    throw new InvalidFormatException("the key store has two keys named '" + alias + "'");
                }
                key = b;
            }
        }
        return key;
    }

    /**
     * The certificate of {@code key}, paired as JDK 17's key store pairs them: the certificate bag
     * with the key's local key id and name; else the only one with its id (the JDK writes the time
     * in milliseconds as the id, so two keys stored in the same millisecond share one, and the name
     * then decides); else, for a key without an id, the only one with its name. Trusted-certificate
     * bags (the JDK's certificate entries) are never a key's; anything still ambiguous is refused.
     */
    private X509Certificate certificateOf(SafeBag key, String alias) {
        byte[] keyId = localKeyId(key);
        List<SafeBag> both = new ArrayList<>();
        List<SafeBag> byId = new ArrayList<>();
        List<SafeBag> byName = new ArrayList<>();
        for (SafeBag b : bags) {
            if (!PKCSObjectIdentifiers.certBag.equals(b.getBagId()) || single(b, TRUSTED_KEY_USAGE) != null) {
                continue;
            }
            boolean id = keyId != null && MessageDigest.isEqual(keyId, localKeyId(b));
            boolean name = sameAlias(alias, b);
            if (id && name) {
                both.add(b);
            } else if (id) {
                byId.add(b);
            } else if (name) {
                byName.add(b);
            }
        }
        List<SafeBag> match = !both.isEmpty() ? both : keyId != null ? byId : byName;
        if (match.size() != 1) {
            throw new InvalidFormatException("the key store's key '" + alias + "' has " + (match.isEmpty() ? "no"
                    : match.size()) + " certificates that can be its own");
        }
        return certificate(CertBag.getInstance(match.get(0).getBagValue()));
    }

    /** Whether {@code b}'s friendly name is {@code alias}, in lower case as the JDK keeps aliases. */
    private static boolean sameAlias(String alias, SafeBag b) {
        String name = attribute(b, PKCSObjectIdentifiers.pkcs_9_at_friendlyName);
        return name != null && name.toLowerCase(Locale.ENGLISH).equals(alias.toLowerCase(Locale.ENGLISH));
    }

    private static X509Certificate certificate(CertBag bag) {
        if (!PKCSObjectIdentifiers.x509Certificate.equals(bag.getCertId())) {
            throw new InvalidFormatException("the key store holds a " + bag.getCertId() + " certificate, not X.509");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(ASN1OctetString.getInstance(bag.getCertValue()).getOctets()));
        } catch (GeneralSecurityException e) {
            throw new InvalidFormatException("the key store's certificate is not readable: " + e.getMessage(), e);
        }
    }

    /** The single value of bag attribute {@code type} as a string, or null. */
    private static String attribute(SafeBag b, ASN1ObjectIdentifier type) {
        ASN1Encodable v = single(b, type);
        return v instanceof ASN1String s ? s.getString() : null;
    }

    private static byte[] localKeyId(SafeBag b) {
        ASN1Encodable v = single(b, PKCSObjectIdentifiers.pkcs_9_at_localKeyId);
        return v instanceof ASN1OctetString o ? o.getOctets() : null;
    }

    /** The value of {@code b}'s attribute {@code type} when it has exactly one such attribute with one value, else null. */
    private static ASN1Encodable single(SafeBag b, ASN1ObjectIdentifier type) {
        ASN1Set attrs = b.getBagAttributes();
        if (attrs == null) {
            return null;
        }
        ASN1Encodable value = null;
        int found = 0;
        for (ASN1Encodable a : attrs) {
            Attribute attr = Attribute.getInstance(a);
            if (type.equals(attr.getAttrType())) {
                found += attr.getAttrValues().size();
                value = attr.getAttrValues().size() == 1 ? attr.getAttrValues().getObjectAt(0) : null;
            }
        }
        return found == 1 ? value : null;
    }

    /** RFC 7292 §5 and appendix B: HMAC over the authenticated safe with a key derived from the password. */
    private static void checkMac(MacData macData, byte[] content, char[] password, Path file, String name) {
        String algorithm = MACS.get(macData.getMac().getAlgorithmId().getAlgorithm());
        if (algorithm == null) {
            throw new InvalidFormatException(file + " has a MAC over " + macData.getMac().getAlgorithmId().getAlgorithm()
                    + ", which gfctl does not know (SHA-1 and SHA-2 only)");
        }
        int iterations = iterations(macData.getIterationCount(), file);
        SecretKey key = null;
        try {
            try {
                key = pbeKey(password);
            } catch (InvalidKeySpecException e) {
                // the JDK's PBE keys are printable ASCII (it refuses to write a store with another
                // password), and its KeyStore calls this a wrong password too
                throw new KeyRefusedException("wrong password for " + name + " (it is not printable ASCII)");
            }
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key, new PBEParameterSpec(macData.getSalt(), iterations));
            if (!MessageDigest.isEqual(mac.doFinal(content), macData.getMac().getDigest())) {
                throw new KeyRefusedException("wrong password for " + name);
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidFormatException(file + "'s MAC cannot be checked: " + e.getMessage(), e);
        } finally {
            destroy(key);
        }
    }

    private static int iterations(BigInteger n, Path file) {
        if (n.signum() <= 0 || n.compareTo(BigInteger.valueOf(MAX_ITERATIONS)) > 0) {
            throw new InvalidFormatException(file + " asks for " + n + " iterations (1 to " + MAX_ITERATIONS + ")");
        }
        return n.intValueExact();
    }

    /** {@code encrypted} decrypted with the JDK's PBES2 or PKCS#12 PBE cipher that {@code alg} names. */
    private static byte[] decrypt(AlgorithmIdentifier alg, byte[] encrypted, char[] password)
            throws java.io.IOException, GeneralSecurityException {
        return cipher(alg, password).doFinal(encrypted);
    }

    /** The JDK's PBES2 or PKCS#12 PBE cipher that {@code alg} names, ready to decrypt with {@code password}. */
    private static Cipher cipher(AlgorithmIdentifier alg, char[] password) throws java.io.IOException, GeneralSecurityException {
        String oid = alg.getAlgorithm().getId();
        boolean pbes2 = PKCSObjectIdentifiers.id_PBES2.equals(alg.getAlgorithm());
        AlgorithmParameters params = AlgorithmParameters.getInstance(pbes2 ? "PBES2" : oid);
        params.init(alg.getParameters().toASN1Primitive().getEncoded());
        PBEParameterSpec spec = params.getParameterSpec(PBEParameterSpec.class);
        if (spec.getIterationCount() <= 0 || spec.getIterationCount() > MAX_ITERATIONS) {
            throw new GeneralSecurityException("the content is encrypted with " + spec.getIterationCount()
                    + " iterations (1 to " + MAX_ITERATIONS + ")");
        }
        SecretKey key = pbeKey(password);
        try {
            // PBES2's parameters name the cipher (e.g. PBEWithHmacSHA256AndAES_256), as the JDK maps them
            Cipher c = Cipher.getInstance(pbes2 ? params.toString() : oid);
            c.init(Cipher.DECRYPT_MODE, key, params);
            return c;
        } finally {
            destroy(key);
        }
    }

    private static SecretKey pbeKey(char[] password) throws InvalidKeySpecException, java.security.NoSuchAlgorithmException {
        PBEKeySpec spec = new PBEKeySpec(password);
        try {
            return SecretKeyFactory.getInstance("PBE").generateSecret(spec);
        } finally {
            spec.clearPassword();
        }
    }

    private static void destroy(SecretKey key) {
        if (key == null) {
            return;
        }
        try {
            key.destroy();
        } catch (DestroyFailedException e) {
            // the JDK's PBE keys clear their copy of the password; a key that cannot is left to the collector
        }
    }
}
