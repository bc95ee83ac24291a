package org.gfctl.core.luks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A LUKS1 partition header (the first 592 bytes of a LUKS1 volume), parsed and validated.
 *
 * <p>Layout per the LUKS1 On-Disk Format Specification 1.2.3, "PHDR layout": magic
 * {@code LUKS\xba\xbe}, version 1, cipher-name, cipher-mode and hash-spec as 32-byte NUL-padded
 * ASCII, payload-offset and key-bytes as big-endian u32, the 20-byte mk-digest with its 32-byte salt
 * and iteration count, a 40-byte UUID, then eight 48-byte keyslots. Parsing accepts any cipher and
 * hash name so that a caller can say which one it met; {@link LuksVolume} refuses the ones gfctl
 * cannot open. Key sizes other than 32 and 64 bytes are rejected here: the only LUKS1 shapes gfctl
 * reads or writes are {@code aes-xts-plain64} with 256- or 512-bit keys.
 */
public final class LuksHeader {
    /** Bytes of the header proper; keyslot material follows at 4096-byte alignment. */
    public static final int SIZE = 592;
    public static final int KEYSLOTS = 8;
    public static final int DIGEST_SIZE = 20;
    static final byte[] MAGIC = {'L', 'U', 'K', 'S', (byte) 0xBA, (byte) 0xBE};
    private static final int NAME_FIELD = 32;
    private static final int UUID_FIELD = 40;

    private final String cipherName;
    private final String cipherMode;
    private final String hashSpec;
    private final int payloadOffset;
    private final int keyBytes;
    private final byte[] mkDigest;
    private final byte[] mkDigestSalt;
    private final int mkDigestIterations;
    private final String uuid;
    private final List<LuksKeyslot> keyslots;

    private LuksHeader(String cipherName, String cipherMode, String hashSpec, int payloadOffset, int keyBytes,
            byte[] mkDigest, byte[] mkDigestSalt, int mkDigestIterations, String uuid, List<LuksKeyslot> keyslots) {
        this.cipherName = cipherName;
        this.cipherMode = cipherMode;
        this.hashSpec = hashSpec;
        this.payloadOffset = payloadOffset;
        this.keyBytes = keyBytes;
        this.mkDigest = mkDigest;
        this.mkDigestSalt = mkDigestSalt;
        this.mkDigestIterations = mkDigestIterations;
        this.uuid = uuid;
        this.keyslots = keyslots;
    }

    /** A version-1 header; checks every field and that the keyslot areas fit before the payload. */
    public static LuksHeader create(String cipherName, String cipherMode, String hashSpec, int payloadOffset,
            int keyBytes, byte[] mkDigest, byte[] mkDigestSalt, int mkDigestIterations, String uuid,
            List<LuksKeyslot> keyslots) {
        checkName("cipher-name", cipherName, NAME_FIELD);
        checkName("cipher-mode", cipherMode, NAME_FIELD);
        checkName("hash-spec", hashSpec, NAME_FIELD);
        checkName("uuid", uuid, UUID_FIELD);
        if (keyBytes != 32 && keyBytes != 64) {
            throw new LuksFormatException("LUKS header: key-bytes must be 32 or 64, not " + Integer.toUnsignedString(keyBytes));
        }
        if (mkDigest.length != DIGEST_SIZE || mkDigestSalt.length != LuksKeyslot.SALT_SIZE) {
            throw new LuksFormatException("LUKS header: mk-digest must be 20 bytes and its salt 32, not "
                    + mkDigest.length + " and " + mkDigestSalt.length);
        }
        if (mkDigestIterations < 1) {
            throw new LuksFormatException("LUKS header: mk-digest-iter must be 1.." + Integer.MAX_VALUE + ", not "
                    + Integer.toUnsignedString(mkDigestIterations));
        }
        if (payloadOffset < 0) {
            throw new LuksFormatException("LUKS header: payload-offset " + Integer.toUnsignedString(payloadOffset)
                    + " sectors is beyond what gfctl supports (2^31-1)");
        }
        if (keyslots.size() != KEYSLOTS) {
            throw new LuksFormatException("LUKS header: must have 8 keyslots, not " + keyslots.size());
        }
        checkLayout(keyslots, keyBytes, payloadOffset);
        return new LuksHeader(cipherName, cipherMode, hashSpec, payloadOffset, keyBytes, mkDigest.clone(),
                mkDigestSalt.clone(), mkDigestIterations, uuid, List.copyOf(keyslots));
    }

    /** Parses the first 592 bytes of {@code bytes}; a shorter array is a truncated header. */
    public static LuksHeader parse(byte[] bytes) {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new LuksFormatException("not a LUKS volume: the first 6 bytes are not the LUKS magic \"LUKS\\xba\\xbe\"");
        }
        if (bytes.length < SIZE) {
            throw new LuksFormatException("LUKS header is truncated: " + bytes.length + " bytes, a LUKS1 header has 592");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, SIZE);
        b.position(MAGIC.length);
        int version = Short.toUnsignedInt(b.getShort());
        if (version == 2) {
            throw new LuksUnsupportedException("LUKS2 is not supported: gfctl reads LUKS1 only"
                    + " (cryptsetup convert --type luks1 converts a compatible volume)");
        }
        if (version != 1) {
            throw new LuksFormatException("LUKS header: version must be 1, not " + version);
        }
        String cipherName = readName(b, NAME_FIELD);
        String cipherMode = readName(b, NAME_FIELD);
        String hashSpec = readName(b, NAME_FIELD);
        int payloadOffset = b.getInt();
        int keyBytes = b.getInt();
        byte[] mkDigest = new byte[DIGEST_SIZE];
        b.get(mkDigest);
        byte[] mkDigestSalt = new byte[LuksKeyslot.SALT_SIZE];
        b.get(mkDigestSalt);
        int mkDigestIterations = b.getInt();
        String uuid = readName(b, UUID_FIELD);
        List<LuksKeyslot> slots = new ArrayList<>(KEYSLOTS);
        for (int i = 0; i < KEYSLOTS; i++) {
            int state = b.getInt();
            int iterations = b.getInt();
            byte[] salt = new byte[LuksKeyslot.SALT_SIZE];
            b.get(salt);
            int offset = b.getInt();
            int stripes = b.getInt();
            try {
                slots.add(LuksKeyslot.create(state, iterations, salt, offset, stripes));
            } catch (LuksFormatException e) {
                throw new LuksFormatException(e.getMessage().replace("LUKS keyslot:", "LUKS header: keyslot " + i + ":"));
            }
        }
        return create(cipherName, cipherMode, hashSpec, payloadOffset, keyBytes, mkDigest, mkDigestSalt,
                mkDigestIterations, uuid, slots);
    }

    /** The 592-byte on-disk form. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.put(MAGIC).putShort((short) 1);
        writeName(b, cipherName, NAME_FIELD);
        writeName(b, cipherMode, NAME_FIELD);
        writeName(b, hashSpec, NAME_FIELD);
        b.putInt(payloadOffset).putInt(keyBytes).put(mkDigest).put(mkDigestSalt).putInt(mkDigestIterations);
        writeName(b, uuid, UUID_FIELD);
        for (LuksKeyslot k : keyslots) {
            b.putInt(k.state()).putInt(k.iterations()).put(k.salt()).putInt(k.keyMaterialOffset()).putInt(k.stripes());
        }
        return b.array();
    }

    /** This header with keyslot {@code index} replaced. */
    public LuksHeader withKeyslot(int index, LuksKeyslot slot) {
        List<LuksKeyslot> slots = new ArrayList<>(keyslots);
        slots.set(Objects.checkIndex(index, KEYSLOTS), Objects.requireNonNull(slot, "slot"));
        return create(cipherName, cipherMode, hashSpec, payloadOffset, keyBytes, mkDigest, mkDigestSalt,
                mkDigestIterations, uuid, slots);
    }

    public String cipherName() {
        return cipherName;
    }

    public String cipherMode() {
        return cipherMode;
    }

    /** cipher-name and cipher-mode as cryptsetup writes them together, e.g. {@code aes-xts-plain64}. */
    public String cipherSpec() {
        return cipherName + "-" + cipherMode;
    }

    public String hashSpec() {
        return hashSpec;
    }

    /** Where the encrypted data starts, in 512-byte sectors from the start of the header. */
    public int payloadOffset() {
        return payloadOffset;
    }

    public int keyBytes() {
        return keyBytes;
    }

    public byte[] mkDigest() {
        return mkDigest.clone();
    }

    public byte[] mkDigestSalt() {
        return mkDigestSalt.clone();
    }

    public int mkDigestIterations() {
        return mkDigestIterations;
    }

    public String uuid() {
        return uuid;
    }

    public List<LuksKeyslot> keyslots() {
        return keyslots;
    }

    public LuksKeyslot keyslot(int index) {
        return keyslots.get(Objects.checkIndex(index, KEYSLOTS));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LuksHeader h && Arrays.equals(toBytes(), h.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "LuksHeader[" + cipherSpec() + ", " + hashSpec + ", " + keyBytes * 8 + "-bit key, uuid " + uuid
                + ", payload at sector " + payloadOffset + "]";
    }

    private static void checkLayout(List<LuksKeyslot> slots, int keyBytes, int payloadOffset) {
        for (int i = 0; i < KEYSLOTS; i++) {
            LuksKeyslot a = slots.get(i);
            long aEnd = (long) a.keyMaterialOffset() + a.materialSectors(keyBytes);
            if (aEnd > payloadOffset) {
                throw new LuksFormatException("LUKS header: keyslot " + i + " key material (sectors "
                        + a.keyMaterialOffset() + ".." + (aEnd - 1) + ") runs into the payload at sector " + payloadOffset);
            }
            for (int j = 0; j < i; j++) {
                LuksKeyslot b = slots.get(j);
                long bEnd = (long) b.keyMaterialOffset() + b.materialSectors(keyBytes);
                if (a.keyMaterialOffset() < bEnd && b.keyMaterialOffset() < aEnd) {
                    throw new LuksFormatException("LUKS header: key material of keyslots " + j + " and " + i + " overlaps");
                }
            }
        }
    }

    private static void checkName(String field, String value, int size) {
        if (value == null || value.isEmpty() || value.length() >= size
                || !value.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new LuksFormatException("LUKS header: " + field + " must be 1.." + (size - 1)
                    + " printable ASCII characters, not \"" + (value == null ? "null" : sanitize(value)) + "\"");
        }
    }

    private static String readName(ByteBuffer b, int size) {
        byte[] field = new byte[size];
        b.get(field);
        int end = 0;
        while (end < size && field[end] != 0) {
            end++;
        }
        return new String(field, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static void writeName(ByteBuffer b, String value, int size) {
        byte[] field = new byte[size];
        byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, field, 0, ascii.length);
        b.put(field);
    }

    private static String sanitize(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().limit(40).forEach(c -> out.append(c > 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c)));
        return out.toString();
    }
}
