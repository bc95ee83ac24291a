package org.gfctl.core.luks;

import java.security.SecureRandom;
import java.util.Arrays;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.UsageException;
import org.gfctl.core.secret.RandomBytes;
import org.gfctl.core.secret.Secret;

/**
 * Adds and wipes passphrases in the keyslots of a LUKS1 header region held in memory.
 *
 * <p>The region is the volume's first {@code payload-offset * 512} bytes (at least up to the end of
 * the last keyslot's material); both operations change it in place, so the caller writes it back
 * at offset 0. Adding follows the LUKS1 On-Disk Format's key setting (new salt, PBKDF2, AF-split, encrypt);
 * wiping overwrites the material with random bytes and marks the slot {@code 0x0000DEAD} with zero
 * salt and iterations, as cryptsetup's {@code luksKillSlot} does.
 */
public final class LuksKeyslots {
    private static final SecureRandom RANDOM = new SecureRandom();

    private LuksKeyslots() {}

    /**
     * Stores {@code passphrase} in the lowest free keyslot with {@code iterations} PBKDF2 rounds
     * and returns that slot's index; {@code volumeKey} must be the volume's key.
     */
    public static int addPassphrase(byte[] region, Secret volumeKey, Secret passphrase, int iterations) {
        if (iterations < 1) {
            throw new UsageException("PBKDF2 iterations must be at least 1, not " + iterations);
        }
        LuksHeader header = LuksHeader.parse(region);
        LuksHash hash = KeyslotCrypto.requireSupported(header);
        if (!KeyslotCrypto.isVolumeKey(header, hash, volumeKey)) {
            throw new KeyRefusedException("the volume key does not match the mk-digest of LUKS volume " + header.uuid());
        }
        return addVerified(region, header, hash, volumeKey, passphrase, iterations);
    }

    /** {@link #addPassphrase} for a volume key already checked against {@code header}'s mk-digest. */
    static int addVerified(byte[] region, LuksHeader header, LuksHash hash, Secret volumeKey, Secret passphrase,
            int iterations) {
        int index = -1;
        for (int i = 0; i < LuksHeader.KEYSLOTS && index < 0; i++) {
            if (!header.keyslot(i).active()) {
                index = i;
            }
        }
        if (index < 0) {
            throw new GfctlException(ExitCode.FAILURE, "all 8 LUKS keyslots of volume " + header.uuid()
                    + " are in use: wipe one before adding a passphrase");
        }
        byte[] salt = new byte[LuksKeyslot.SALT_SIZE];
        RANDOM.nextBytes(salt);
        LuksKeyslot slot = header.keyslot(index).activate(iterations, salt);
        int offset = materialStart(region, slot, header.keyBytes(), index);
        byte[] material = AfSplitter.split(volumeKey, slot.stripes(), hash);
        try (Secret slotKey = KeyslotCrypto.slotKey(hash, passphrase, slot, header.keyBytes())) {
            KeyslotCrypto.seal(slotKey, material);
            System.arraycopy(material, 0, region, offset, material.length);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
        writeHeader(region, header.withKeyslot(index, slot));
        return index;
    }

    /** Destroys keyslot {@code index}: its material becomes random bytes and the slot inactive. */
    public static void wipe(byte[] region, int index) {
        if (index < 0 || index >= LuksHeader.KEYSLOTS) {
            throw new UsageException("LUKS keyslot must be 0..7, not " + index);
        }
        LuksHeader header = LuksHeader.parse(region);
        LuksKeyslot slot = header.keyslot(index);
        if (!slot.active()) {
            throw new NotFoundException("LUKS keyslot " + index + " of volume " + header.uuid() + " is not in use");
        }
        int offset = materialStart(region, slot, header.keyBytes(), index);
        byte[] noise = new byte[slot.materialSectors(header.keyBytes()) * 512];
        RandomBytes.fill(noise);
        System.arraycopy(noise, 0, region, offset, noise.length);
        writeHeader(region, header.withKeyslot(index, slot.deactivate()));
    }

    /** The byte offset of {@code slot}'s material; fails when the region stops before its end. */
    static int materialStart(byte[] region, LuksKeyslot slot, int keyBytes, int index) {
        long start = (long) slot.keyMaterialOffset() * 512;
        long end = start + (long) slot.materialSectors(keyBytes) * 512;
        if (end > region.length) {
            throw new LuksFormatException("LUKS header region is truncated: keyslot " + index
                    + " key material ends at byte " + end + ", the region has " + region.length);
        }
        return (int) start;
    }

    private static void writeHeader(byte[] region, LuksHeader header) {
        System.arraycopy(header.toBytes(), 0, region, 0, LuksHeader.SIZE);
    }
}
