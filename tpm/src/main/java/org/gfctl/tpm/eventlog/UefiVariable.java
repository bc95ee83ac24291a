package org.gfctl.tpm.eventlog;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.gfctl.tpm.eventlog.internal.LittleEndianReader;

/**
 * A measured UEFI variable: vendor GUID, name and data, as in UEFI_VARIABLE_DATA.
 *
 * <p>TCG PC Client PFP §10.2.6 (UEFI_VARIABLE_DATA): EV_EFI_VARIABLE_DRIVER_CONFIG, _BOOT, _BOOT2 and
 * _AUTHORITY events carry {@code VariableName} (EFI_GUID), {@code UnicodeNameLength} and
 * {@code VariableDataLength} (UINT64), the UCS-2 name without terminator, then the data. This is
 * what lets a verifier see SecureBoot=1 in PCR 7.
 */
public final class UefiVariable {

    /** EFI_GLOBAL_VARIABLE, the vendor GUID of SecureBoot, PK, KEK, BootOrder (UEFI 2.x §3.3). */
    public static final UUID EFI_GLOBAL_VARIABLE = UUID.fromString("8be4df61-93ca-11d2-aa0d-00e098032b8c");

    /** EFI_IMAGE_SECURITY_DATABASE_GUID, the vendor GUID of db and dbx (UEFI 2.x §32.6). */
    public static final UUID EFI_IMAGE_SECURITY_DATABASE = UUID.fromString("d719b2cb-3d3a-4596-a3bc-dad00e67656f");

    private final UUID vendorGuid;
    private final String name;
    private final byte[] data;

    private UefiVariable(UUID vendorGuid, String name, byte[] data) {
        this.vendorGuid = vendorGuid;
        this.name = name;
        this.data = data;
    }

    /** A variable; {@code data} is copied. */
    public static UefiVariable create(UUID vendorGuid, String name, byte[] data) {
        return new UefiVariable(Objects.requireNonNull(vendorGuid, "vendorGuid"), Objects.requireNonNull(name, "name"),
                data.clone());
    }

    /** Parses UEFI_VARIABLE_DATA found at absolute log offset {@code base}. */
    public static UefiVariable parse(byte[] eventData, long base) {
        LittleEndianReader r = LittleEndianReader.of(eventData, base);
        UUID guid = guid(r.bytes(16, "UEFI variable GUID"));
        long nameAt = r.offset();
        long nameChars = r.u64("UnicodeNameLength");
        long dataAt = r.offset();
        long dataLength = r.u64("VariableDataLength");
        if (nameChars > r.remaining() / 2) {
            throw r.fail(nameAt, "UnicodeNameLength " + nameChars + " exceeds the " + r.remaining() + " bytes left");
        }
        String name = new String(r.bytes(nameChars * 2, "UnicodeName"), StandardCharsets.UTF_16LE);
        if (dataLength > r.remaining()) {
            throw r.fail(dataAt, "VariableDataLength " + dataLength + " exceeds the " + r.remaining() + " bytes left");
        }
        return new UefiVariable(guid, name, r.bytes(dataLength, "VariableData"));
    }

    /** The variable carried by {@code event}, if it is a variable event whose data parses. */
    public static Optional<UefiVariable> tryParse(Event event) {
        if (!event.type().isUefiVariable()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(event.data(), event.dataOffset()));
        } catch (EventLogParseException e) {
            return Optional.empty();
        }
    }

    /** The UEFI_VARIABLE_DATA bytes, as firmware measures them. */
    public byte[] encode() {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_16LE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(guidBytes(vendorGuid));
        ByteBuffer lengths = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        lengths.putLong(nameBytes.length / 2).putLong(data.length);
        out.writeBytes(lengths.array());
        out.writeBytes(nameBytes);
        out.writeBytes(data);
        return out.toByteArray();
    }

    public UUID vendorGuid() {
        return vendorGuid;
    }

    public String name() {
        return name;
    }

    /** A copy of the variable's data. */
    public byte[] data() {
        return data.clone();
    }

    /** Whether this is the global SecureBoot variable. */
    public boolean isSecureBoot() {
        return EFI_GLOBAL_VARIABLE.equals(vendorGuid) && "SecureBoot".equals(name);
    }

    /** EFI_GUID layout: Data1, Data2, Data3 little-endian, Data4 as bytes (UEFI 2.x Appendix A). */
    static UUID guid(byte[] b) {
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long data1 = le.getInt(0) & 0xffffffffL;
        long data2 = le.getShort(4) & 0xffffL;
        long data3 = le.getShort(6) & 0xffffL;
        long high = data1 << 32 | data2 << 16 | data3;
        long low = ByteBuffer.wrap(b, 8, 8).order(ByteOrder.BIG_ENDIAN).getLong();
        return new UUID(high, low);
    }

    static byte[] guidBytes(UUID guid) {
        ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        long high = guid.getMostSignificantBits();
        out.putInt((int) (high >>> 32)).putShort((short) (high >>> 16)).putShort((short) high);
        out.order(ByteOrder.BIG_ENDIAN).putLong(guid.getLeastSignificantBits());
        return out.array();
    }
}
