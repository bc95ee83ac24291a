package org.gfctl.core.luks;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.gfctl.core.Bug;
import org.gfctl.core.UsageException;
import org.gfctl.core.secret.RandomBytes;
import org.gfctl.core.secret.Secret;

/**
 * Writes the header region of a new LUKS1 {@code aes-xts-plain64} volume: the header, the eight
 * keyslot areas with a passphrase in keyslot 0, padded up to the payload.
 *
 * <p>The layout is cryptsetup's (the keyslot alignment of LUKS1 On-Disk Format 1.2.2+ and cryptsetup's
 * {@code LUKS_generate_phdr}): keyslot areas aligned to 4096 bytes, the first at sector 8, each
 * {@code key-bytes * 4000} bytes of material rounded up to 8 sectors (504 sectors for a 64-byte
 * key, 256 for a 32-byte key), and the payload aligned to 1 MiB (sector 4096 for both sizes).
 * Unused keyslot areas are filled with random bytes so that they look like used ones.
 */
public final class LuksFormatter {
    static final int KEYSLOT_ALIGN_SECTORS = 8;
    static final int PAYLOAD_ALIGN_SECTORS = 2048;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LuksHash hash;
    private final int keyslotIterations;
    private final int digestIterations;

    private LuksFormatter(LuksHash hash, int keyslotIterations, int digestIterations) {
        this.hash = hash;
        this.keyslotIterations = keyslotIterations;
        this.digestIterations = digestIterations;
    }

    /**
     * A formatter using {@code hash} for PBKDF2 and the AF diffuser, {@code keyslotIterations}
     * PBKDF2 rounds for keyslot 0 and {@code digestIterations} for the mk-digest. Few rounds are
     * fine for a full-entropy unlock secret; a human passphrase needs many (DESIGN.md).
     */
    public static LuksFormatter create(LuksHash hash, int keyslotIterations, int digestIterations) {
        Objects.requireNonNull(hash, "hash");
        if (keyslotIterations < 1 || digestIterations < 1) {
            throw new UsageException("PBKDF2 iterations must be at least 1, not " + Math.min(keyslotIterations, digestIterations));
        }
        return new LuksFormatter(hash, keyslotIterations, digestIterations);
    }

    /**
     * The header region ({@code payload-offset * 512} bytes) of a volume whose key is
     * {@code volumeKey} (64 bytes for XTS-AES-256, 32 for XTS-AES-128), opened by {@code passphrase}.
     */
    public byte[] format(Secret volumeKey, UUID uuid, Secret passphrase) {
        int keyBytes = volumeKey.length();
        if (keyBytes != 32 && keyBytes != 64) {
            throw new UsageException("a LUKS aes-xts-plain64 volume key must be 32 or 64 bytes, not " + keyBytes);
        }
        int stride = keyslotStride(keyBytes);
        List<LuksKeyslot> slots = new ArrayList<>(LuksHeader.KEYSLOTS);
        for (int i = 0; i < LuksHeader.KEYSLOTS; i++) {
            slots.add(LuksKeyslot.inactive(firstKeyslotSector() + i * stride));
        }
        int keyslotsEnd = firstKeyslotSector() + LuksHeader.KEYSLOTS * stride;
        int payloadOffset = payloadSectors(keyBytes);
        byte[] salt = new byte[LuksKeyslot.SALT_SIZE];
        RANDOM.nextBytes(salt);
        byte[] digest = KeyslotCrypto.mkDigest(hash, volumeKey, salt, digestIterations);
        LuksHeader header = LuksHeader.create("aes", "xts-plain64", hash.spec(), payloadOffset, keyBytes, digest,
                salt, digestIterations, uuid.toString(), slots);

        byte[] region = new byte[payloadOffset * 512];
        byte[] noise = new byte[(keyslotsEnd - firstKeyslotSector()) * 512];
        RandomBytes.fill(noise);
        System.arraycopy(noise, 0, region, firstKeyslotSector() * 512, noise.length);
        System.arraycopy(header.toBytes(), 0, region, 0, LuksHeader.SIZE);
        int slot = LuksKeyslots.addVerified(region, header, hash, volumeKey, passphrase, keyslotIterations);
        if (slot != 0) {
            throw new Bug("a fresh header put the first passphrase in keyslot " + slot);
        }
        return region;
    }

    /**
     * The payload offset, in sectors, of the headers {@link #format} writes for a volume key of
     * {@code keyBytes}: known before the header is, so that a caller can encrypt the payload while
     * the keyslot is being made.
     */
    public static int payloadSectors(int keyBytes) {
        return alignUp(firstKeyslotSector() + LuksHeader.KEYSLOTS * keyslotStride(keyBytes), PAYLOAD_ALIGN_SECTORS);
    }

    private static int keyslotStride(int keyBytes) {
        return alignUp(LuksKeyslot.inactive(KEYSLOT_ALIGN_SECTORS).materialSectors(keyBytes), KEYSLOT_ALIGN_SECTORS);
    }

    /** The first sector after the 592-byte header at 4096-byte alignment. */
    static int firstKeyslotSector() {
        return alignUp((LuksHeader.SIZE + 511) / 512, KEYSLOT_ALIGN_SECTORS);
    }

    private static int alignUp(int sectors, int alignment) {
        return (sectors + alignment - 1) / alignment * alignment;
    }
}
