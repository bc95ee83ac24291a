package org.gfctl.core.luks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.gfctl.core.secret.Secret;
import org.gfctl.core.xts.XtsDecryptor;

/**
 * An unlocked LUKS1 volume: its header and the volume key that a passphrase recovered from one
 * of its keyslots. Closing it wipes the key.
 *
 * <p>Opening follows the LUKS1 On-Disk Format's master key recovery: every active keyslot is tried in order (PBKDF2,
 * decrypt the key material, AF-merge) until a candidate matches the mk-digest. Any header made by
 * cryptsetup or qemu-img with {@code aes-xts-plain64} and sha1, sha256 or sha512 opens, whatever
 * its payload offset (cryptsetup aligns it to 1 MiB, qemu-img puts it at sector 4040).
 */
public final class LuksVolume implements AutoCloseable {
    /**
     * The most gfctl reads as a header region (LUKS header, keyslot material, alignment up to the
     * payload): 8 keyslots of 4,000 stripes of a 64-byte key take ~2 MiB; a larger offset is refused
     * rather than read into memory.
     */
    public static final long MAX_HEADER_REGION = 64L << 20;

    private final LuksHeader header;
    private final Secret volumeKey;
    private final int keyslot;

    private LuksVolume(LuksHeader header, Secret volumeKey, int keyslot) {
        this.header = header;
        this.volumeKey = volumeKey;
        this.keyslot = keyslot;
    }

    /**
     * Opens the volume whose header region (the first bytes of the volume, at least up to the end
     * of the last active keyslot's material) is {@code region}; the caller keeps the passphrase.
     */
    public static LuksVolume open(byte[] region, Secret passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        LuksHeader header = LuksHeader.parse(region);
        LuksHash hash = KeyslotCrypto.requireSupported(header);
        List<Integer> tried = new ArrayList<>();
        for (int i = 0; i < LuksHeader.KEYSLOTS; i++) {
            LuksKeyslot slot = header.keyslot(i);
            if (!slot.active()) {
                continue;
            }
            tried.add(i);
            int start = LuksKeyslots.materialStart(region, slot, header.keyBytes(), i);
            byte[] material = Arrays.copyOfRange(region, start, start + slot.materialSectors(header.keyBytes()) * 512);
            Secret candidate;
            try (Secret slotKey = KeyslotCrypto.slotKey(hash, passphrase, slot, header.keyBytes())) {
                KeyslotCrypto.unseal(slotKey, material);
                candidate = AfSplitter.merge(material, header.keyBytes(), slot.stripes(), hash);
            } finally {
                Arrays.fill(material, (byte) 0);
            }
            if (KeyslotCrypto.isVolumeKey(header, hash, candidate)) {
                return new LuksVolume(header, candidate, i);
            }
            candidate.close();
        }
        if (tried.isEmpty()) {
            throw new PassphraseRefusedException("LUKS volume " + header.uuid() + " has no active keyslot: nothing can open it");
        }
        throw new PassphraseRefusedException("the passphrase opens no keyslot of LUKS volume " + header.uuid()
                + " (tried active keyslots " + tried + ")");
    }

    /** Opens the volume at the start of {@code channel}, reading only the header region. */
    public static LuksVolume open(FileChannel channel, Secret passphrase) throws IOException {
        return open(readHeaderRegion(channel), passphrase);
    }

    /**
     * The first bytes of {@code channel} up to the end of the last keyslot's key material (all
     * slots, active or not), so that the region can also be edited with {@link LuksKeyslots}.
     */
    public static byte[] readHeaderRegion(FileChannel channel) throws IOException {
        byte[] first = read(channel, 0, LuksHeader.SIZE);
        LuksHeader header = LuksHeader.parse(first);
        long end = LuksHeader.SIZE;
        for (LuksKeyslot slot : header.keyslots()) {
            end = Math.max(end, ((long) slot.keyMaterialOffset() + slot.materialSectors(header.keyBytes())) * 512);
        }
        if (end > MAX_HEADER_REGION) {
            throw new LuksFormatException("LUKS keyslot material ends at byte " + end + ", beyond the "
                    + (MAX_HEADER_REGION >> 20) + " MiB a LUKS1 header region takes (cryptsetup and qemu-img use"
                    + " 2 MiB or less): a damaged or crafted header");
        }
        byte[] region = read(channel, 0, (int) end);
        if (region.length < end) {
            throw new LuksFormatException("LUKS header region is truncated: the keyslot material ends at byte " + end
                    + ", the file has " + region.length);
        }
        return region;
    }

    public LuksHeader header() {
        return header;
    }

    /** The volume key; valid until {@link #close()}. */
    public Secret volumeKey() {
        return volumeKey;
    }

    /** The index of the keyslot that the passphrase opened. */
    public int keyslot() {
        return keyslot;
    }

    /** The byte offset of the encrypted payload, whose first sector is XTS sector 0. */
    public long payloadOffsetBytes() {
        return (long) header.payloadOffset() * 512;
    }

    /** A new payload decryptor for the calling thread (sector 0 = the first payload sector). */
    public XtsDecryptor payloadDecryptor() {
        return XtsDecryptor.create(volumeKey);
    }

    @Override
    public void close() {
        volumeKey.close();
    }

    @Override
    public String toString() {
        return "LuksVolume[" + header.uuid() + ", opened by keyslot " + keyslot + "]";
    }

    private static byte[] read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int n = channel.read(buf, position + buf.position());
            if (n < 0) {
                break;
            }
        }
        return Arrays.copyOf(buf.array(), buf.position());
    }
}
