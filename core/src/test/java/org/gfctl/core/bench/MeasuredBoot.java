package org.gfctl.core.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gfctl.tpm.device.TpmDevices;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.tpm.eventlog.Digest;
import org.gfctl.tpm.eventlog.DigestAlgorithm;
import org.gfctl.tpm.eventlog.Event;
import org.gfctl.tpm.eventlog.EventLogWriter;
import org.gfctl.tpm.eventlog.EventType;
import org.gfctl.tpm.eventlog.UefiVariable;
import org.gfctl.tpm.pcr.Pcrs;
import tss.Tpm;

/**
 * A simulated UEFI measured boot of {@link #EVENTS} measurements into PCRs 0-7, written as a
 * crypto-agile SHA-256 log and extended into a swtpm so that quotes and the log agree.
 *
 * <p>The shape follows what OVMF + shim + GRUB log on a Secure Boot VM (firmware blobs and
 * drivers, the Secure Boot variables, boot variables, separators, boot applications), so that the
 * verifier parses, replays and turns into policy facts a log of realistic size and variety.
 */
final class MeasuredBoot {
    /** Measured events in the log, not counting the Spec ID header (EV_NO_ACTION). */
    static final int EVENTS = 60;

    private MeasuredBoot() {}

    static Path measure(String tpmSpec, Path logFile) throws Exception {
        EventLogWriter w = EventLogWriter.cryptoAgile(DigestAlgorithm.SHA256)
                .measure(0, EventType.EV_S_CRTM_VERSION, "gfctl bench firmware 1.0\0".getBytes(StandardCharsets.UTF_16LE));
        for (int i = 0; i < 4; i++) {
            w.measure(0, EventType.EV_EFI_PLATFORM_FIRMWARE_BLOB, firmwareBlob(0x820000L + i * 0x100000L, 0x100000L),
                    ("firmware volume " + i).getBytes(StandardCharsets.US_ASCII));
        }
        w.measure(7, EventType.EV_EFI_VARIABLE_DRIVER_CONFIG, variable(UefiVariable.EFI_GLOBAL_VARIABLE, "SecureBoot", new byte[] {1}));
        w.measure(7, EventType.EV_EFI_VARIABLE_DRIVER_CONFIG, variable(UefiVariable.EFI_GLOBAL_VARIABLE, "PK", filler(900)));
        w.measure(7, EventType.EV_EFI_VARIABLE_DRIVER_CONFIG, variable(UefiVariable.EFI_GLOBAL_VARIABLE, "KEK", filler(1500)));
        w.measure(7, EventType.EV_EFI_VARIABLE_DRIVER_CONFIG, variable(UefiVariable.EFI_IMAGE_SECURITY_DATABASE, "db", filler(3100)));
        w.measure(7, EventType.EV_EFI_VARIABLE_DRIVER_CONFIG, variable(UefiVariable.EFI_IMAGE_SECURITY_DATABASE, "dbx", filler(700)));
        w.measure(1, EventType.EV_EFI_HANDOFF_TABLES, new byte[24]);
        w.measure(1, EventType.EV_PLATFORM_CONFIG_FLAGS, filler(32));
        for (int i = 0; i < 19; i++) {
            w.measure(2, EventType.EV_EFI_BOOT_SERVICES_DRIVER, devicePath("PciRoot(0x0)/Pci(0x" + Integer.toHexString(i) + ",0x0)"),
                    ("option rom " + i).getBytes(StandardCharsets.US_ASCII));
        }
        w.measure(1, EventType.EV_EFI_VARIABLE_BOOT, variable(UefiVariable.EFI_GLOBAL_VARIABLE, "BootOrder", new byte[] {0, 0, 1, 0, 2, 0}));
        for (int i = 0; i < 3; i++) {
            w.measure(1, EventType.EV_EFI_VARIABLE_BOOT, variable(UefiVariable.EFI_GLOBAL_VARIABLE, "Boot000" + i, filler(120)));
        }
        w.measure(4, EventType.EV_EFI_ACTION, "Calling EFI Application from Boot Option".getBytes(StandardCharsets.US_ASCII));
        for (int pcr = 0; pcr <= 7; pcr++) {
            w.measure(pcr, EventType.EV_SEPARATOR, new byte[4]);
        }
        w.measure(7, EventType.EV_EFI_VARIABLE_AUTHORITY, variable(UefiVariable.EFI_IMAGE_SECURITY_DATABASE, "db", filler(1400)));
        w.measure(5, EventType.EV_EFI_GPT_EVENT, filler(92 + 8 + 4 * 128));
        for (String app : new String[] {"shimx64.efi", "grubx64.efi", "vmlinuz-6.8.0"}) {
            w.measure(4, EventType.EV_EFI_BOOT_SERVICES_APPLICATION, devicePath("\\EFI\\BOOT\\" + app),
                    app.getBytes(StandardCharsets.US_ASCII));
        }
        w.measure(7, EventType.EV_EFI_VARIABLE_AUTHORITY, variable(UefiVariable.EFI_GLOBAL_VARIABLE, "MokListRT", filler(800)));
        for (int i = 0; i < 8; i++) {
            w.measure(5, EventType.EV_IPL, ("grub_cmd: set var" + i + "=value").getBytes(StandardCharsets.US_ASCII));
        }
        w.measure(5, EventType.EV_EFI_ACTION, "Exit Boot Services Invocation".getBytes(StandardCharsets.US_ASCII));
        w.measure(5, EventType.EV_EFI_ACTION, "Exit Boot Services Returned with Success".getBytes(StandardCharsets.US_ASCII));

        int measured = 0;
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(tpmSpec))) {
            for (Event e : w.events()) {
                if (e.type().equals(EventType.EV_NO_ACTION)) {
                    continue;
                }
                Digest d = e.digest(DigestAlgorithm.SHA256.id()).orElseThrow();
                Pcrs.extend(tpm, e.pcr(), d.value());
                measured++;
            }
        }
        if (measured != EVENTS) {
            throw new IllegalStateException("the bench boot log must have " + EVENTS + " measured events, not " + measured);
        }
        Files.write(logFile, w.toByteArray());
        return logFile;
    }

    private static byte[] variable(java.util.UUID guid, String name, byte[] data) {
        return UefiVariable.create(guid, name, data).encode();
    }

    /** UEFI_PLATFORM_FIRMWARE_BLOB: base and length (TCG PC Client PFP §10.4.4). */
    private static byte[] firmwareBlob(long base, long length) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(base).putLong(length).array();
    }

    /** Stands in for UEFI_IMAGE_LOAD_EVENT: fixed header then a (textual, not binary) device path. */
    private static byte[] devicePath(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_16LE);
        return ByteBuffer.allocate(32 + p.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(0x7e000000L).putLong(0x40000L).putLong(0).putLong(p.length).put(p).array();
    }

    private static byte[] filler(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }
}
