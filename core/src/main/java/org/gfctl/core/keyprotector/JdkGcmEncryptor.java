package org.gfctl.core.keyprotector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JceGenericKey;
import org.gfctl.core.Bug;

/**
 * AES-256-GCM content encryption for a CMS AuthEnvelopedData (RFC 5084: 12-byte nonce, 16-byte
 * tag) on the JDK's {@code AES/GCM/NoPadding}.
 *
 * <p>Bouncy Castle's JCA builder finds its key generator by OID, which only BC's provider knows,
 * and BC's lightweight builder initialises BC's crypto services (on the LTS line: loading its
 * native library), ~40–75 ms of a short {@code rotate-key}, for 43 bytes of content. One
 * instance encrypts one content; it is buffered (a key protector's content is an unlock secret),
 * so the authenticated attributes may come before or after it.
 */
final class JdkGcmEncryptor implements OutputAEADEncryptor {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BYTES = 16;

    private final SecretKey key;
    private final byte[] nonce;
    private final ByteArrayOutputStream aad = new ByteArrayOutputStream();
    private byte[] mac;

    private JdkGcmEncryptor(SecretKey key, byte[] nonce) {
        this.key = key;
        this.nonce = nonce;
    }

    /** An encryptor with a fresh random AES-256 key and nonce. */
    static JdkGcmEncryptor create(SecureRandom random) {
        try {
            KeyGenerator gen = KeyGenerator.getInstance("AES");
            gen.init(256, random);
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            return new JdkGcmEncryptor(gen.generateKey(), nonce);
        } catch (GeneralSecurityException e) {
            throw new Bug("every Java platform has AES", e);
        }
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return new AlgorithmIdentifier(NISTObjectIdentifiers.id_aes256_GCM, new GCMParameters(nonce, TAG_BYTES));
    }

    @Override
    public GenericKey getKey() {
        return new JceGenericKey(getAlgorithmIdentifier(), key);
    }

    @Override
    public OutputStream getAADStream() {
        return aad;
    }

    @Override
    public byte[] getMAC() {
        if (mac == null) {
            throw new IllegalStateException("the content stream is not closed yet");
        }
        return mac.clone();
    }

    /** Writes the ciphertext without its tag to {@code out} when closed; the tag is then {@link #getMAC()}. */
    @Override
    public OutputStream getOutputStream(OutputStream out) {
        return new ByteArrayOutputStream() {
            @Override
            public void close() throws IOException {
                byte[] plain = toByteArray();
                try {
                    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                    c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
                    c.updateAAD(aad.toByteArray());
                    byte[] sealed = c.doFinal(plain);
                    out.write(sealed, 0, sealed.length - TAG_BYTES);
                    mac = Arrays.copyOfRange(sealed, sealed.length - TAG_BYTES, sealed.length);
                } catch (GeneralSecurityException e) {
                    throw new Bug("AES-256-GCM encryption failed", e);
                } finally {
                    Arrays.fill(plain, (byte) 0);
                    Arrays.fill(buf, (byte) 0);
                }
            }
        };
    }
}
