package org.gfctl.core.luks;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.gfctl.core.secret.Secret;

/**
 * A LUKS1 hash-spec that gfctl supports: the hash of PBKDF2 and of the anti-forensic diffuser.
 *
 * <p>The LUKS1 On-Disk Format uses the header's hash-spec for both (§2.4, and the PBKDF2 steps of
 * key setting and master key recovery). PBKDF2 runs on
 * Bouncy Castle over passphrase <em>bytes</em>: a LUKS passphrase (a key file, a QEMU secret) is
 * arbitrary bytes, which JCE's {@code char[]}-based PBKDF2 cannot represent. SHA-256 and SHA-512
 * come from {@code newInstance()}: Bouncy Castle LTS's native digest (SHA-NI) where its library
 * loads, else its Java one. The native one needs no JIT warm-up, which matters here: a fresh JVM
 * formatting a header ran its 2,000 PBKDF2 rounds and 8,000 diffuser hashes in the interpreter.
 */
public enum LuksHash {
    SHA1("sha1", 20, SHA1Digest::new),
    SHA256("sha256", 32, SHA256Digest::newInstance),
    SHA512("sha512", 64, SHA512Digest::newInstance);

    private final String spec;
    private final int length;
    private final Supplier<Digest> digests;

    LuksHash(String spec, int length, Supplier<Digest> digests) {
        this.spec = spec;
        this.length = length;
        this.digests = digests;
    }

    /** The hash-spec string as stored in the header, e.g. {@code sha256}. */
    public String spec() {
        return spec;
    }

    /** The digest length in bytes. */
    public int length() {
        return length;
    }

    /** The hash named by a header's hash-spec; refuses hashes gfctl does not implement. */
    public static LuksHash fromSpec(String spec) {
        for (LuksHash h : values()) {
            if (h.spec.equals(spec)) {
                return h;
            }
        }
        throw new LuksUnsupportedException("LUKS hash-spec " + spec + " is not supported: gfctl reads "
                + Arrays.stream(values()).map(LuksHash::spec).collect(Collectors.joining(", ")));
    }

    Digest newDigest() {
        return digests.get();
    }

    /** PBKDF2-HMAC with this hash (RFC 8018 §5.2) over the bytes of {@code password}. */
    Secret pbkdf2(Secret password, byte[] salt, int iterations, int length) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(newDigest());
        generator.init(password.bytes(), salt, iterations);
        KeyParameter derived = (KeyParameter) generator.generateDerivedParameters(length * 8);
        return Secret.adopt(derived.getKey());
    }
}
