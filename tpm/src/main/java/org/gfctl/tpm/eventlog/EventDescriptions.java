package org.gfctl.tpm.eventlog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * One-line, human-readable summaries of event data, for {@code gfctl host eventlog}.
 *
 * <p>Decodes what TCG PC Client PFP §10.4 defines for the common types: UEFI variables (§10.2.6),
 * EV_S_CRTM_VERSION as a UCS-2 string, EV_SEPARATOR values (0 normally, 0xFFFFFFFF on error),
 * EV_ACTION / EV_EFI_ACTION strings, Spec ID and StartupLocality EV_NO_ACTION events (§10.4.5),
 * firmware blob addresses. Never throws: data that does not decode is summarised by its size, since
 * a display must not fail on a log that parsed.
 */
public final class EventDescriptions {
    private static final int MAX_SHOWN = 32;
    private static final byte[] STARTUP_LOCALITY = "StartupLocality\0".getBytes(StandardCharsets.US_ASCII);

    private EventDescriptions() {}

    /** A one-line summary of {@code event}'s data. */
    public static String describe(Event event) {
        byte[] data = event.data();
        EventType t = event.type();
        try {
            if (t.equals(EventType.EV_NO_ACTION)) {
                return noAction(event, data);
            }
            if (t.isUefiVariable()) {
                return variable(UefiVariable.parse(data, event.dataOffset()));
            }
            if (t.equals(EventType.EV_SEPARATOR)) {
                return separator(data);
            }
            if (t.equals(EventType.EV_S_CRTM_VERSION)) {
                String s = ucs2(data);
                return s != null ? quote(s) : hex(data);
            }
            if ((t.equals(EventType.EV_EFI_PLATFORM_FIRMWARE_BLOB) || t.equals(EventType.EV_POST_CODE))
                    && data.length == 16) {
                ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
                return String.format("blob at 0x%x, %d bytes", b.getLong(0), b.getLong(8));
            }
        } catch (EventLogParseException e) {
            return "undecodable " + t.name() + " data (" + data.length + " bytes)";
        }
        String ascii = ascii(data);
        return ascii != null ? quote(ascii) : data.length + " bytes";
    }

    private static String noAction(Event event, byte[] data) {
        if (event.dataStartsWith(SpecIdEvent.SIGNATURE)) {
            SpecIdEvent s = SpecIdEvent.parse(data, event.dataOffset());
            return "Spec ID Event03, PFP " + s.specVersionMajor() + "." + s.specVersionMinor() + " errata "
                    + s.specErrata() + ", banks " + s.banks().stream()
                            .map(b -> b.name() + "/" + b.digestSize()).collect(Collectors.joining(" "));
        }
        if (data.length == STARTUP_LOCALITY.length + 1 && event.dataStartsWith(STARTUP_LOCALITY)) {
            return "StartupLocality " + (data[STARTUP_LOCALITY.length] & 0xff);
        }
        String ascii = ascii(data);
        return ascii != null ? quote(ascii) : data.length + " bytes";
    }

    private static String variable(UefiVariable v) {
        byte[] d = v.data();
        String value;
        if (v.isSecureBoot() && d.length == 1) {
            value = (d[0] & 0xff) + (d[0] == 1 ? " (enabled)" : " (disabled)");
        } else if (d.length == 0) {
            value = "(empty)";
        } else if (d.length <= MAX_SHOWN) {
            value = hex(d);
        } else {
            value = d.length + " bytes";
        }
        return v.name() + " {" + v.vendorGuid() + "} = " + value;
    }

    private static String separator(byte[] d) {
        if (d.length == 4) {
            int v = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).getInt();
            return String.format("0x%08X%s", v, v == -1 ? " (error)" : "");
        }
        return hex(d);
    }

    /** The data as UCS-2 text (NUL-terminated or not), if it is printable. */
    private static String ucs2(byte[] d) {
        if (d.length < 2 || d.length % 2 != 0) {
            return null;
        }
        String s = new String(d, StandardCharsets.UTF_16LE);
        int nul = s.indexOf('\0');
        s = nul >= 0 ? s.substring(0, nul) : s;
        return printable(s) ? s : null;
    }

    /** The data as ASCII text (one trailing NUL allowed), if it is printable. */
    private static String ascii(byte[] d) {
        int n = d.length > 0 && d[d.length - 1] == 0 ? d.length - 1 : d.length;
        if (n == 0) {
            return null;
        }
        String s = new String(d, 0, n, StandardCharsets.ISO_8859_1);
        return printable(s) ? s : null;
    }

    /** Printable ASCII only: random binary decoded as UCS-2 would otherwise pass as CJK text. */
    private static boolean printable(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\t' || c == '\n');
    }

    private static String quote(String s) {
        String flat = s.replace("\n", "\\n").replace("\t", "\\t");
        return "\"" + (flat.length() > 120 ? flat.substring(0, 117) + "..." : flat) + "\"";
    }

    private static String hex(byte[] d) {
        return d.length <= MAX_SHOWN ? HexFormat.of().formatHex(d) : d.length + " bytes";
    }
}
