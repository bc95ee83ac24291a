package org.gfctl.core.guardian;

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
 * A simulated measured boot for swtpm: a crypto-agile event log (S-CRTM version, SecureBoot=1,
 * separators, a boot application) whose events are also extended into the TPM's PCRs, as firmware
 * would, so that quotes and the log agree.
 */
final class BootMeasurements {

    private BootMeasurements() {}

    static Path measure(String tpmSpec, Path logFile) throws Exception {
        EventLogWriter w = EventLogWriter.cryptoAgile(DigestAlgorithm.SHA256)
                .measure(0, EventType.EV_S_CRTM_VERSION, "gfctl test firmware 1.0\0".getBytes(StandardCharsets.UTF_16LE))
                .measure(7, EventType.EV_EFI_VARIABLE_DRIVER_CONFIG,
                        UefiVariable.create(UefiVariable.EFI_GLOBAL_VARIABLE, "SecureBoot", new byte[] {1}).encode());
        for (int pcr = 0; pcr <= 7; pcr++) {
            w.measure(pcr, EventType.EV_SEPARATOR, new byte[4]);
        }
        w.measure(4, EventType.EV_EFI_BOOT_SERVICES_APPLICATION, "shimx64.efi".getBytes(StandardCharsets.US_ASCII));
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(tpmSpec))) {
            for (Event e : w.events()) {
                if (e.type().equals(EventType.EV_NO_ACTION)) {
                    continue;
                }
                Digest d = e.digest(DigestAlgorithm.SHA256.id()).orElseThrow();
                Pcrs.extend(tpm, e.pcr(), d.value());
            }
        }
        Files.write(logFile, w.toByteArray());
        return logFile;
    }
}
