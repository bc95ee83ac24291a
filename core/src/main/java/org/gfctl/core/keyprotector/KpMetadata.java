package org.gfctl.core.keyprotector;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a key protector says about its volume: identity, encryption parameters, LUKS header
 * digest, sizes, release policy, creation time and integrity manifest.
 *
 * <p>These are the facts the owner signs together with the envelope (DESIGN.md "Key protector"),
 * so that a key protector cannot be paired with another volume or a modified header. The
 * recipient list and the envelope digest are added by {@link KeyProtector} itself.
 *
 * @param luksHeaderSha256 SHA-256 of the LUKS header, 64 lowercase hex digits
 * @param payloadOffset    byte offset of the encrypted payload in the image
 * @param imageSize        size of the shielded image in bytes
 * @param created          creation time, kept to whole seconds
 */
public record KpMetadata(UUID volumeUuid, String volumeName, String cipher, int keyBits, String luksHeaderSha256,
        long payloadOffset, long imageSize, String releasePolicy, Instant created, IntegrityManifest integrity) {

    /** The only cipher written today: LUKS1 with AES-XTS (DESIGN.md "Data formats"). */
    public static final String CIPHER = "aes-xts-plain64";
    /** AES-256-XTS takes a 512-bit key. */
    public static final int KEY_BITS = 512;

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public KpMetadata {
        Objects.requireNonNull(volumeUuid, "volumeUuid");
        requireName("volume name", volumeName);
        requireName("release policy name", releasePolicy);
        if (!CIPHER.equals(cipher)) {
            throw new IllegalArgumentException("key protector metadata: cipher must be " + CIPHER + ", not " + cipher);
        }
        if (keyBits != KEY_BITS) {
            throw new IllegalArgumentException("key protector metadata: key bits must be " + KEY_BITS + ", not " + keyBits);
        }
        if (luksHeaderSha256 == null || !HEX64.matcher(luksHeaderSha256).matches()) {
            throw new IllegalArgumentException("key protector metadata: LUKS header SHA-256 must be 64 lowercase"
                    + " hex digits, not " + luksHeaderSha256);
        }
        if (payloadOffset < 0 || imageSize < payloadOffset) {
            throw new IllegalArgumentException("key protector metadata: need 0 <= payload offset <= image size,"
                    + " not " + payloadOffset + " and " + imageSize);
        }
        Objects.requireNonNull(integrity, "integrity");
        created = Objects.requireNonNull(created, "created").truncatedTo(ChronoUnit.SECONDS);
    }

    /** Metadata for the standard cipher ({@value #CIPHER}, {@value #KEY_BITS} bits). */
    public static KpMetadata create(UUID volumeUuid, String volumeName, String luksHeaderSha256, long payloadOffset,
            long imageSize, String releasePolicy, Instant created, IntegrityManifest integrity) {
        return new KpMetadata(volumeUuid, volumeName, CIPHER, KEY_BITS, luksHeaderSha256, payloadOffset, imageSize,
                releasePolicy, created, integrity);
    }

    private static void requireName(String what, String value) {
        if (value == null || value.isBlank() || value.length() > 255 || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("key protector metadata: " + what
                    + " must be 1 to 255 characters without control characters, not " + value);
        }
    }
}
