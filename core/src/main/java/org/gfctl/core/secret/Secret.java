package org.gfctl.core.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Secret bytes (a volume key, an unlock secret, a passphrase): opaque, compared in constant time,
 * and wiped when closed.
 *
 * <p>{@link #toString()} never shows the bytes, so a secret that reaches a log line, an exception
 * message or JSON output by mistake shows up as {@code Secret[redacted]} (STYLE.md §4). Callers
 * that must hand the bytes to a cipher use {@link #bytes()}, which returns the live array: do not
 * keep it beyond the secret's lifetime.
 */
public final class Secret implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] bytes;
    private boolean wiped;

    private Secret(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Takes ownership of {@code bytes}: the caller must not use or wipe the array afterwards. */
    public static Secret adopt(byte[] bytes) {
        return new Secret(Objects.requireNonNull(bytes, "bytes"));
    }

    /** A copy of {@code bytes}; the caller still owns (and should wipe) its array. */
    public static Secret copyOf(byte[] bytes) {
        return new Secret(bytes.clone());
    }

    /** {@code length} bytes from a {@link SecureRandom}. */
    public static Secret random(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return new Secret(b);
    }

    /**
     * A fresh unlock secret: 32 random bytes, base64url without padding (43 ASCII characters).
     *
     * <p>The ASCII form is the LUKS keyslot passphrase, so that qemu's {@code --object secret,file=}
     * and cryptsetup's {@code --key-file} accept the same file (DESIGN.md "Data formats").
     */
    public static Secret newUnlockSecret() {
        try (Secret raw = random(32)) {
            return new Secret(Base64.getUrlEncoder().withoutPadding().encode(raw.bytes()));
        }
    }

    /** The live bytes; valid until {@link #close()}. */
    public byte[] bytes() {
        if (wiped) {
            throw new IllegalStateException("secret used after it was wiped");
        }
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    /** Constant-time equality of contents (MessageDigest.isEqual is constant-time since JDK 6u17). */
    public boolean sameAs(Secret other) {
        return MessageDigest.isEqual(bytes(), other.bytes());
    }

    /** A copy that the caller closes independently. */
    public Secret copy() {
        return new Secret(bytes().clone());
    }

    /** The bytes as an ASCII/UTF-8 char array (for key-store passwords); wipe it after use. */
    public char[] toChars() {
        return StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(bytes())).array();
    }

    /** Overwrites the bytes with zeros. Idempotent. */
    @Override
    public void close() {
        Arrays.fill(bytes, (byte) 0);
        wiped = true;
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }

    /** Secrets are compared with {@link #sameAs}, never by identity-based equals in collections. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
