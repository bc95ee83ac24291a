package org.gfctl.core.luks;

import java.util.Arrays;

/**
 * One of the eight LUKS1 keyslots of a header: state, PBKDF2 iterations and salt, and where its
 * anti-forensically split key material lies.
 *
 * <p>LUKS1 On-Disk Format, key-slot fields of the partition header: 48 bytes each, big-endian; active =
 * {@code 0x00AC71F3}, inactive = {@code 0x0000DEAD}. An inactive slot keeps its offset and stripes
 * so that the layout stays fixed; its iterations and salt are zero once wiped, as cryptsetup does.
 */
public final class LuksKeyslot {
    /** The state word of a keyslot that holds key material. */
    public static final int ACTIVE = 0x00AC71F3;
    /** The state word of a free keyslot. */
    public static final int INACTIVE = 0x0000DEAD;
    /** The number of anti-forensic stripes every LUKS1 implementation uses (LUKS1 On-Disk Format §2.4). */
    public static final int STRIPES = 4000;
    public static final int SALT_SIZE = 32;

    private final boolean active;
    private final int iterations;
    private final byte[] salt;
    private final int keyMaterialOffset;
    private final int stripes;

    private LuksKeyslot(boolean active, int iterations, byte[] salt, int keyMaterialOffset, int stripes) {
        this.active = active;
        this.iterations = iterations;
        this.salt = salt;
        this.keyMaterialOffset = keyMaterialOffset;
        this.stripes = stripes;
    }

    /**
     * A keyslot as stored: {@code state} must be {@link #ACTIVE} or {@link #INACTIVE}; an active
     * slot needs at least one iteration; offsets are in 512-byte sectors.
     */
    public static LuksKeyslot create(int state, int iterations, byte[] salt, int keyMaterialOffset, int stripes) {
        if (state != ACTIVE && state != INACTIVE) {
            throw new LuksFormatException(String.format(
                    "LUKS keyslot: state must be 0x00AC71F3 (active) or 0x0000DEAD (inactive), not 0x%08X", state));
        }
        if (salt.length != SALT_SIZE) {
            throw new LuksFormatException("LUKS keyslot: salt must be 32 bytes, not " + salt.length);
        }
        if (state == ACTIVE && iterations < 1) {
            throw new LuksFormatException("LUKS keyslot: PBKDF2 iterations of an active keyslot must be 1.."
                    + Integer.MAX_VALUE + ", not " + Integer.toUnsignedString(iterations));
        }
        if (stripes != STRIPES) {
            throw new LuksFormatException("LUKS keyslot: stripes must be 4000, not " + Integer.toUnsignedString(stripes));
        }
        if (keyMaterialOffset < 2) {
            throw new LuksFormatException("LUKS keyslot: key material must start after the 592-byte header (sector 2 or"
                    + " later), not at sector " + Integer.toUnsignedString(keyMaterialOffset));
        }
        return new LuksKeyslot(state == ACTIVE, iterations, salt.clone(), keyMaterialOffset, stripes);
    }

    /** A free keyslot whose material area starts at sector {@code keyMaterialOffset}. */
    public static LuksKeyslot inactive(int keyMaterialOffset) {
        return create(INACTIVE, 0, new byte[SALT_SIZE], keyMaterialOffset, STRIPES);
    }

    /** This slot, active with the given PBKDF2 parameters, at the same place. */
    public LuksKeyslot activate(int iterations, byte[] salt) {
        return create(ACTIVE, iterations, salt, keyMaterialOffset, stripes);
    }

    /** This slot, inactive with zero iterations and salt, at the same place. */
    public LuksKeyslot deactivate() {
        return inactive(keyMaterialOffset);
    }

    public boolean active() {
        return active;
    }

    public int state() {
        return active ? ACTIVE : INACTIVE;
    }

    /** PBKDF2 iterations; zero for an inactive slot. */
    public int iterations() {
        return iterations;
    }

    public byte[] salt() {
        return salt.clone();
    }

    /** Where the key material starts, in 512-byte sectors from the start of the header. */
    public int keyMaterialOffset() {
        return keyMaterialOffset;
    }

    public int stripes() {
        return stripes;
    }

    /** The length of the split key material in sectors for a key of {@code keyBytes}. */
    public int materialSectors(int keyBytes) {
        return (int) ((((long) keyBytes * stripes) + 511) / 512);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LuksKeyslot k && active == k.active && iterations == k.iterations
                && Arrays.equals(salt, k.salt) && keyMaterialOffset == k.keyMaterialOffset && stripes == k.stripes;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(salt) + keyMaterialOffset;
    }

    @Override
    public String toString() {
        return "LuksKeyslot[" + (active ? "active, " + iterations + " iterations" : "inactive")
                + ", material at sector " + keyMaterialOffset + "]";
    }
}
