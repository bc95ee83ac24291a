package org.gfctl.core.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.gfctl.core.Bug;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.UsageException;
import org.gfctl.core.internal.AtomicFiles;
import org.gfctl.core.internal.Pkcs12;
import org.gfctl.core.internal.AtomicFiles.Existing;
import org.gfctl.core.secret.Secret;

/**
 * Creates an owner's key pair with a self-signed certificate in a password-protected PKCS#12
 * file, and loads it back.
 *
 * <p>PKCS#12 (RFC 7292) is what both Java and OpenSSL read, so a tenant can always get the key out
 * with {@code openssl pkcs12}. The JDK's PKCS12 key store encrypts with PBES2 (PBKDF2-HMAC-SHA256,
 * AES-256-CBC, RFC 8018 §6.2) and MACs with HMAC-SHA256 by default since JDK 12 (JDK-8153005),
 * which OpenSSL 3 reads without its legacy provider. The file is created with mode 0600.
 */
public final class OwnerKeys {
    private static final String ALIAS = "owner";
    private static final SecureRandom RANDOM = new SecureRandom();

    private OwnerKeys() {}

    /** Creates a new owner key in {@code out}; refuses to overwrite an existing file. */
    public static OwnerKey create(KeyType type, X500Principal subject, Secret password, Path out) {
        return create(type, subject, password, out, Existing.REFUSE);
    }

    /** Creates a new owner key in {@code out}, replacing any file there ({@code --force}). */
    public static OwnerKey createReplacing(KeyType type, X500Principal subject, Secret password, Path out) {
        return create(type, subject, password, out, Existing.REPLACE);
    }

    private static OwnerKey create(KeyType type, X500Principal subject, Secret password, Path out, Existing existing) {
        if (password.length() == 0) {
            throw new UsageException("the key password must not be empty");
        }
        requireAscii(password);
        if (existing == Existing.REFUSE && Files.exists(out)) {
            throw new UsageException(out + " already exists; remove it or choose another name"
                    + " (gfctl never overwrites a key unless asked to)");
        }
        KeyPair pair = generate(type);
        X509Certificate cert = selfSign(type, subject, pair);
        char[] pw = password.toChars();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, pair.getPrivate(), pw, new Certificate[] {cert});
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ks.store(bytes, pw);
            AtomicFiles.write(out, bytes.toByteArray(), "rw-------", existing);
        } catch (GeneralSecurityException | IOException e) {
            throw new Bug("the JDK's PKCS12 key store failed to store a fresh key", e);
        } finally {
            Arrays.fill(pw, '\0');
        }
        return OwnerKey.create(pair.getPrivate(), cert);
    }

    /** The JDK's PKCS#12 key store encrypts with PBES2 keys that take ASCII passwords only. */
    private static void requireAscii(Secret password) {
        char[] pw = password.toChars();
        try {
            for (char c : pw) {
                if (c < 0x20 || c > 0x7e) {
                    throw new UsageException("the key password must be printable ASCII (letters a-z and A-Z, digits,"
                            + " punctuation, spaces): the PKCS#12 encryption refuses other characters; choose another");
                }
            }
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /**
     * The key and certificate in {@code p12}.
     *
     * @throws NotFoundException if the file does not exist
     * @throws KeyRefusedException if the password is wrong
     * @throws InvalidFormatException if it is not a PKCS#12 file with exactly one private key
     */
    public static OwnerKey load(Path p12, Secret password) {
        char[] pw = password.toChars();
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore ks = Pkcs12.load(in, pw, p12, p12.toString());
            List<String> keyAliases = Collections.list(ks.aliases()).stream().filter(a -> isKey(ks, a)).toList();
            if (keyAliases.size() != 1) {
                throw new InvalidFormatException(p12 + " must hold exactly one private key, not " + keyAliases.size());
            }
            String alias = keyAliases.get(0);
            PrivateKey key = (PrivateKey) ks.getKey(alias, pw);
            Certificate cert = ks.getCertificate(alias);
            if (!(cert instanceof X509Certificate)) {
                throw new InvalidFormatException(p12 + ": the private key has no X.509 certificate");
            }
            return OwnerKey.create(key, (X509Certificate) cert);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("owner key store " + p12 + " does not exist");
        } catch (UnrecoverableKeyException e) {
            throw new KeyRefusedException("wrong password for the private key in " + p12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p12 + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new InvalidFormatException(p12 + ": cannot read the key store (" + e.getMessage() + ")", e);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private static boolean isKey(KeyStore ks, String alias) {
        try {
            return ks.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            throw new Bug("a loaded key store answers isKeyEntry", e);
        }
    }

    private static KeyPair generate(KeyType type) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance(type.jcaAlgorithm());
            if (type == KeyType.RSA3072) {
                gen.initialize(3072, RANDOM);
            } else {
                gen.initialize(new ECGenParameterSpec("secp384r1"), RANDOM);
            }
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new Bug("the JDK generates " + type.cliName() + " keys", e);
        }
    }

    private static X509Certificate selfSign(KeyType type, X500Principal subject, KeyPair pair) {
        int usage = type == KeyType.RSA3072
                ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature | KeyUsage.keyAgreement;
        return CertificateIssuer.selfSigned(pair, subject, Duration.ofDays(3653), usage, false,
                type.certificateSignature());
    }
}
