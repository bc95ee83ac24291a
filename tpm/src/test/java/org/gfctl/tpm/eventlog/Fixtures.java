package org.gfctl.tpm.eventlog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Real event logs from test-resources/eventlogs (sources and licenses in its README.md). */
final class Fixtures {
    static final String MOK_SECURE_BOOT = "event-moklisttrusted.bin";
    static final String GCE_THREE_BANKS = "event-gce-ubuntu-2104-log.bin";
    static final String SHA1_FORMAT = "event-uefi-sha1-log.bin";
    static final String SPEC_ID_VENDOR_DATA = "specid-vendordata.bin";
    static final String STARTUP_LOCALITY_ONLY = "go-attestation-short_no_action_eventlog.bin";

    private Fixtures() {}

    static byte[] load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/eventlogs/" + name)) {
            if (in == null) {
                throw new AssertionError("missing test resource eventlogs/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
