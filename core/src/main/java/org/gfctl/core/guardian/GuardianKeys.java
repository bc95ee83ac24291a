package org.gfctl.core.guardian;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.gfctl.core.Bug;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.internal.AtomicFiles;
import org.gfctl.core.internal.Pkcs12;
import org.gfctl.core.keys.CertificateIssuer;
import org.gfctl.core.secret.Secret;

/**
 * The guardian's three keys, kept in one PKCS#12 file (mode 0600) under the fabric home.
 *
 * <p>Separate keys for separate duties, as HGS keeps its encryption and signing certificates
 * apart: the <em>encryption</em> key (RSA-3072) is a recipient of every key protector; the
 * <em>attestation CA</em> (EC P-384) signs health certificates; the <em>audit</em> key (EC P-384)
 * signs audit checkpoints. Compromise of one does not give the others' powers.
 *
 * <p>Rotating the encryption key ({@link #withNewEncryptionKey}) keeps the old one under a
 * {@value #RETIRED_PREFIX}{@code <time>} alias until every inventoried key protector has been
 * rewrapped to the new one, as HGS keeps a retired key-protection certificate until no shielded
 * VM depends on it.
 */
public final class GuardianKeys {
    public static final String ENCRYPTION = "guardian";
    public static final String ATTESTATION_CA = "attestation-ca";
    public static final String AUDIT = "audit";
    /** Alias prefix of retired encryption keys, still able to open key protectors not yet rewrapped. */
    public static final String RETIRED_PREFIX = "guardian-retired-";
    private static final java.time.format.DateTimeFormatter RETIRED_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);
    private static final Duration VALIDITY = Duration.ofDays(3653);
    private final KeyEntry encryption;
    private final KeyEntry attestationCa;
    private final KeyEntry audit;
    private final java.util.SortedMap<String, KeyEntry> retired;

    private GuardianKeys(KeyEntry encryption, KeyEntry attestationCa, KeyEntry audit) {
        this(encryption, attestationCa, audit, new java.util.TreeMap<>());
    }

    private GuardianKeys(KeyEntry encryption, KeyEntry attestationCa, KeyEntry audit,
            java.util.SortedMap<String, KeyEntry> retired) {
        this.encryption = encryption;
        this.attestationCa = attestationCa;
        this.audit = audit;
        this.retired = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(retired));
    }

    /**
     * These keys with a fresh encryption key for fabric {@code fabricId}; the current one is kept
     * as {@value #RETIRED_PREFIX}{@code <now>} (attestation CA and audit keys unchanged).
     */
    public GuardianKeys withNewEncryptionKey(String fabricId, java.time.Instant now) {
        KeyPair enc = generate("RSA", null);
        KeyEntry fresh = new KeyEntry(enc.getPrivate(), CertificateIssuer.selfSigned(enc, dn("gfctl guardian", fabricId),
                VALIDITY, KeyUsage.keyEncipherment | KeyUsage.digitalSignature, false, "SHA384withRSA"));
        java.util.SortedMap<String, KeyEntry> r = new java.util.TreeMap<>(retired);
        String alias = RETIRED_PREFIX + RETIRED_TIME.format(now);
        while (r.containsKey(alias)) {
            alias = alias + "-";
        }
        r.put(alias, encryption);
        return new GuardianKeys(fresh, attestationCa, audit, r);
    }

    /** These keys without the retired encryption keys (once nothing needs them any more). */
    public GuardianKeys withoutRetired() {
        return new GuardianKeys(encryption, attestationCa, audit);
    }

    /** Retired encryption keys by alias, oldest first. */
    public java.util.SortedMap<String, KeyEntry> retired() {
        return retired;
    }

    /** Fresh keys for fabric {@code fabricId}. */
    public static GuardianKeys generate(String fabricId) {
        KeyPair enc = generate("RSA", null);
        KeyPair ca = generate("EC", "secp384r1");
        KeyPair aud = generate("EC", "secp384r1");
        return new GuardianKeys(
                new KeyEntry(enc.getPrivate(), CertificateIssuer.selfSigned(enc, dn("gfctl guardian", fabricId), VALIDITY,
                        KeyUsage.keyEncipherment | KeyUsage.digitalSignature, false, "SHA384withRSA")),
                new KeyEntry(ca.getPrivate(), CertificateIssuer.selfSigned(ca, dn("gfctl attestation CA", fabricId),
                        VALIDITY, KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature, true,
                        "SHA384withECDSA")),
                new KeyEntry(aud.getPrivate(), CertificateIssuer.selfSigned(aud, dn("gfctl audit", fabricId), VALIDITY,
                        KeyUsage.digitalSignature, false, "SHA384withECDSA")));
    }

    /** Loads the keys from {@code p12}. */
    public static GuardianKeys load(Path p12, Secret password) {
        char[] pw = password.toChars();
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore ks = Pkcs12.load(in, pw, p12, "the guardian key store " + p12);
            java.util.SortedMap<String, KeyEntry> retired = new java.util.TreeMap<>();
            for (String alias : java.util.Collections.list(ks.aliases())) {
                if (alias.startsWith(RETIRED_PREFIX)) {
                    retired.put(alias, entry(ks, alias, pw, p12));
                }
            }
            return new GuardianKeys(entry(ks, ENCRYPTION, pw, p12), entry(ks, ATTESTATION_CA, pw, p12),
                    entry(ks, AUDIT, pw, p12), retired);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("guardian key store " + p12 + " does not exist: run 'gfctl fabric init'");
        } catch (UnrecoverableKeyException e) {
            throw new KeyRefusedException("wrong password for a key in the guardian key store " + p12);
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidFormatException("cannot read the guardian key store " + p12 + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /** Writes the three keys and any retired encryption keys to {@code p12} (mode 0600). */
    public void store(Path p12, Secret password, AtomicFiles.Existing existing) {
        char[] pw = password.toChars();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (var e : new Object[][] {{ENCRYPTION, encryption}, {ATTESTATION_CA, attestationCa}, {AUDIT, audit}}) {
                KeyEntry k = (KeyEntry) e[1];
                ks.setKeyEntry((String) e[0], k.privateKey(), pw, new Certificate[] {k.certificate()});
            }
            for (var e : retired.entrySet()) {
                ks.setKeyEntry(e.getKey(), e.getValue().privateKey(), pw, new Certificate[] {e.getValue().certificate()});
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ks.store(bytes, pw);
            AtomicFiles.write(p12, bytes.toByteArray(), "rw-------", existing);
        } catch (GeneralSecurityException | IOException e) {
            throw new Bug("the JDK's PKCS12 key store failed to store the guardian keys", e);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    public KeyEntry encryption() {
        return encryption;
    }

    public KeyEntry attestationCa() {
        return attestationCa;
    }

    public KeyEntry audit() {
        return audit;
    }

    @Override
    public String toString() {
        return "GuardianKeys[" + encryption + ", " + attestationCa + ", " + audit + ", retired=" + retired.keySet() + "]";
    }

    private static KeyEntry entry(KeyStore ks, String alias, char[] pw, Path p12) throws GeneralSecurityException {
        if (!ks.isKeyEntry(alias)) {
            throw new InvalidFormatException(p12 + " has no '" + alias + "' key: a guardian key store holds the aliases "
                    + ENCRYPTION + ", " + ATTESTATION_CA + " and " + AUDIT);
        }
        PrivateKey key = (PrivateKey) ks.getKey(alias, pw);
        return new KeyEntry(key, (X509Certificate) ks.getCertificate(alias));
    }

    private static KeyPair generate(String algorithm, String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (curve == null) {
                g.initialize(3072);
            } else {
                g.initialize(new ECGenParameterSpec(curve));
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new Bug("the JDK generates " + algorithm + " keys", e);
        }
    }

    private static X500Principal dn(String role, String fabricId) {
        return new X500Principal("CN=" + role + ",OU=fabric " + fabricId + ",O=gfctl");
    }
}
