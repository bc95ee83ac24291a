package org.gfctl.core.compliance;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.gfctl.core.Bug;

/**
 * UUIDs for OSCAL documents: random version 4 for identities, name-based version 5 for subjects.
 *
 * <p>OSCAL accepts only versions 4 and 5 (RFC 4122); Java's {@code nameUUIDFromBytes} makes
 * version 3, hence {@link #v5}. A seeded supplier makes test output reproducible.
 */
public final class Uuids {
    /** Namespace of gfctl's name-based UUIDs (itself a random v4). */
    static final UUID NAMESPACE = UUID.fromString("4b0f7a52-1c3e-4f55-9d2a-6c0b1e8f3a71");

    private Uuids() {}

    /** Random v4 UUIDs. */
    public static Supplier<UUID> random() {
        return UUID::randomUUID;
    }

    /** Version 4 UUIDs from a seeded generator: the same sequence every time, for tests. */
    public static Supplier<UUID> seeded(long seed) {
        Random r = new Random(seed);
        return () -> v4(r.nextLong(), r.nextLong());
    }

    /** The RFC 4122 version 5 UUID of {@code name} in gfctl's namespace. */
    public static UUID v5(String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                    .putLong(NAMESPACE.getLeastSignificantBits()).array());
            ByteBuffer h = ByteBuffer.wrap(sha1.digest(name.getBytes(StandardCharsets.UTF_8)));
            long msb = (h.getLong() & ~0xF000L) | 0x5000L;
            long lsb = (h.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(msb, lsb);
        } catch (NoSuchAlgorithmException e) {
            throw new Bug("SHA-1 exists", e);
        }
    }

    private static UUID v4(long msb, long lsb) {
        return new UUID((msb & ~0xF000L) | 0x4000L, (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }
}
