package org.gfctl.tpm.eventlog;

import java.util.Map;
import java.util.Optional;

/**
 * The type of a TCG event log entry, known to this class by its spec name or not.
 *
 * <p>A record around the raw 32-bit value, not an enum: firmware logs vendor types that no spec
 * lists, and the parser must keep them. Values: TCG PC Client PFP 1.05 §10.4.1, Table 9 "Events",
 * plus the SPDM device types of PFP 1.06 (checked against the Linux kernel's {@code tpm_eventlog.h}
 * and EDK II's {@code UefiTcgPlatform.h}).
 */
public record EventType(int value) {

    public static final EventType EV_PREBOOT_CERT = new EventType(0x0);
    public static final EventType EV_POST_CODE = new EventType(0x1);
    public static final EventType EV_UNUSED = new EventType(0x2);
    public static final EventType EV_NO_ACTION = new EventType(0x3);
    public static final EventType EV_SEPARATOR = new EventType(0x4);
    public static final EventType EV_ACTION = new EventType(0x5);
    public static final EventType EV_EVENT_TAG = new EventType(0x6);
    public static final EventType EV_S_CRTM_CONTENTS = new EventType(0x7);
    public static final EventType EV_S_CRTM_VERSION = new EventType(0x8);
    public static final EventType EV_CPU_MICROCODE = new EventType(0x9);
    public static final EventType EV_PLATFORM_CONFIG_FLAGS = new EventType(0xA);
    public static final EventType EV_TABLE_OF_DEVICES = new EventType(0xB);
    public static final EventType EV_COMPACT_HASH = new EventType(0xC);
    public static final EventType EV_IPL = new EventType(0xD);
    public static final EventType EV_IPL_PARTITION_DATA = new EventType(0xE);
    public static final EventType EV_NONHOST_CODE = new EventType(0xF);
    public static final EventType EV_NONHOST_CONFIG = new EventType(0x10);
    public static final EventType EV_NONHOST_INFO = new EventType(0x11);
    public static final EventType EV_OMIT_BOOT_DEVICE_EVENTS = new EventType(0x12);
    public static final EventType EV_EFI_EVENT_BASE = new EventType(0x80000000);
    public static final EventType EV_EFI_VARIABLE_DRIVER_CONFIG = new EventType(0x80000001);
    public static final EventType EV_EFI_VARIABLE_BOOT = new EventType(0x80000002);
    public static final EventType EV_EFI_BOOT_SERVICES_APPLICATION = new EventType(0x80000003);
    public static final EventType EV_EFI_BOOT_SERVICES_DRIVER = new EventType(0x80000004);
    public static final EventType EV_EFI_RUNTIME_SERVICES_DRIVER = new EventType(0x80000005);
    public static final EventType EV_EFI_GPT_EVENT = new EventType(0x80000006);
    public static final EventType EV_EFI_ACTION = new EventType(0x80000007);
    public static final EventType EV_EFI_PLATFORM_FIRMWARE_BLOB = new EventType(0x80000008);
    public static final EventType EV_EFI_HANDOFF_TABLES = new EventType(0x80000009);
    public static final EventType EV_EFI_PLATFORM_FIRMWARE_BLOB2 = new EventType(0x8000000A);
    public static final EventType EV_EFI_HANDOFF_TABLES2 = new EventType(0x8000000B);
    public static final EventType EV_EFI_VARIABLE_BOOT2 = new EventType(0x8000000C);
    public static final EventType EV_EFI_HCRTM_EVENT = new EventType(0x80000010);
    public static final EventType EV_EFI_VARIABLE_AUTHORITY = new EventType(0x800000E0);
    public static final EventType EV_EFI_SPDM_FIRMWARE_BLOB = new EventType(0x800000E1);
    public static final EventType EV_EFI_SPDM_FIRMWARE_CONFIG = new EventType(0x800000E2);
    public static final EventType EV_EFI_SPDM_DEVICE_POLICY = new EventType(0x800000E3);
    public static final EventType EV_EFI_SPDM_DEVICE_AUTHORITY = new EventType(0x800000E4);

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x0, "EV_PREBOOT_CERT"),
            Map.entry(0x1, "EV_POST_CODE"),
            Map.entry(0x2, "EV_UNUSED"),
            Map.entry(0x3, "EV_NO_ACTION"),
            Map.entry(0x4, "EV_SEPARATOR"),
            Map.entry(0x5, "EV_ACTION"),
            Map.entry(0x6, "EV_EVENT_TAG"),
            Map.entry(0x7, "EV_S_CRTM_CONTENTS"),
            Map.entry(0x8, "EV_S_CRTM_VERSION"),
            Map.entry(0x9, "EV_CPU_MICROCODE"),
            Map.entry(0xA, "EV_PLATFORM_CONFIG_FLAGS"),
            Map.entry(0xB, "EV_TABLE_OF_DEVICES"),
            Map.entry(0xC, "EV_COMPACT_HASH"),
            Map.entry(0xD, "EV_IPL"),
            Map.entry(0xE, "EV_IPL_PARTITION_DATA"),
            Map.entry(0xF, "EV_NONHOST_CODE"),
            Map.entry(0x10, "EV_NONHOST_CONFIG"),
            Map.entry(0x11, "EV_NONHOST_INFO"),
            Map.entry(0x12, "EV_OMIT_BOOT_DEVICE_EVENTS"),
            Map.entry(0x80000000, "EV_EFI_EVENT_BASE"),
            Map.entry(0x80000001, "EV_EFI_VARIABLE_DRIVER_CONFIG"),
            Map.entry(0x80000002, "EV_EFI_VARIABLE_BOOT"),
            Map.entry(0x80000003, "EV_EFI_BOOT_SERVICES_APPLICATION"),
            Map.entry(0x80000004, "EV_EFI_BOOT_SERVICES_DRIVER"),
            Map.entry(0x80000005, "EV_EFI_RUNTIME_SERVICES_DRIVER"),
            Map.entry(0x80000006, "EV_EFI_GPT_EVENT"),
            Map.entry(0x80000007, "EV_EFI_ACTION"),
            Map.entry(0x80000008, "EV_EFI_PLATFORM_FIRMWARE_BLOB"),
            Map.entry(0x80000009, "EV_EFI_HANDOFF_TABLES"),
            Map.entry(0x8000000A, "EV_EFI_PLATFORM_FIRMWARE_BLOB2"),
            Map.entry(0x8000000B, "EV_EFI_HANDOFF_TABLES2"),
            Map.entry(0x8000000C, "EV_EFI_VARIABLE_BOOT2"),
            Map.entry(0x80000010, "EV_EFI_HCRTM_EVENT"),
            Map.entry(0x800000E0, "EV_EFI_VARIABLE_AUTHORITY"),
            Map.entry(0x800000E1, "EV_EFI_SPDM_FIRMWARE_BLOB"),
            Map.entry(0x800000E2, "EV_EFI_SPDM_FIRMWARE_CONFIG"),
            Map.entry(0x800000E3, "EV_EFI_SPDM_DEVICE_POLICY"),
            Map.entry(0x800000E4, "EV_EFI_SPDM_DEVICE_AUTHORITY"));

    /** The spec name, e.g. {@code EV_SEPARATOR}, if this type is a known one. */
    public Optional<String> specName() {
        return Optional.ofNullable(NAMES.get(value));
    }

    /** The spec name, or {@code 0x%08X} for a type no spec here names. */
    public String name() {
        String known = NAMES.get(value);
        return known != null ? known : String.format("0x%08X", value);
    }

    /** Whether the event carries UEFI_VARIABLE_DATA (PFP §10.2.6). */
    public boolean isUefiVariable() {
        return equals(EV_EFI_VARIABLE_DRIVER_CONFIG) || equals(EV_EFI_VARIABLE_BOOT)
                || equals(EV_EFI_VARIABLE_BOOT2) || equals(EV_EFI_VARIABLE_AUTHORITY);
    }

    @Override
    public String toString() {
        return name();
    }
}
