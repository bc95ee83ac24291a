package org.gfctl.tpm.eventlog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.gfctl.tpm.eventlog.internal.LittleEndianReader;

/**
 * Parses a TCG event log, crypto-agile or SHA-1 format, into an {@link EventLog}.
 *
 * <p>TCG PC Client PFP §10.2: if the first TCG_PCR_EVENT is an EV_NO_ACTION carrying "Spec ID
 * Event03" (§10.4.5.1), every later event is a TCG_PCR_EVENT2; otherwise the whole log is
 * TCG_PCR_EVENT. Field quirks tolerated, as go-attestation and tpm2-tools do: a first EV_NO_ACTION
 * that is not a Spec ID event (a bare StartupLocality) means SHA-1 format; events may omit or
 * repeat a bank; the Spec ID vendor info may be followed by slack or run past the event size
 * ({@link SpecIdEvent}); zero (or 0xFF) bytes after the last event are padding, not events. Any other malformation is one {@link EventLogParseException}.
 */
public final class EventLogParser {

    /** Larger logs are refused before reading: real firmware logs are tens of KiB. */
    public static final int MAX_LOG_BYTES = 16 * 1024 * 1024;

    /** SHA-1 digest size of TCG_PCR_EVENT. */
    private static final int SHA1_SIZE = 20;

    /** PCR indexes must fit a TPM's PCR bank (TPM2_MAX_PCRS is 32 in the TSS). */
    private static final long MAX_PCR = 31;

    private EventLogParser() {}

    /** Parses {@code log}; throws {@link EventLogParseException} naming the offset when malformed. */
    public static EventLog parse(byte[] log) {
        Objects.requireNonNull(log, "log");
        if (log.length == 0) {
            throw new EventLogParseException(0, "the log is empty");
        }
        LittleEndianReader r = LittleEndianReader.of(log, 0);
        List<Event> events = new ArrayList<>();
        Event first = sha1Event(r, 0);
        SpecIdEvent specId = null;
        if (first.type().equals(EventType.EV_NO_ACTION) && first.dataStartsWith(SpecIdEvent.SIGNATURE)) {
            byte[] data = first.data();
            int spill = SpecIdEvent.vendorInfoSpill(data);
            if (spill > 0) {
                byte[] rest = r.bytes(spill, "Spec ID vendorInfo beyond the event size");
                data = Arrays.copyOf(data, data.length + spill);
                System.arraycopy(rest, 0, data, data.length - spill, spill);
            }
            specId = SpecIdEvent.parse(data, first.dataOffset());
        }
        events.add(first);
        int padding = 0;
        while (r.remaining() > 0) {
            if (r.restIs((byte) 0) || r.restIs((byte) 0xff)) {
                padding = r.remaining();
                break;
            }
            events.add(specId == null ? sha1Event(r, events.size()) : agileEvent(r, events.size(), specId));
        }
        return EventLog.create(specId, events, padding);
    }

    /** Reads and parses the log in {@code file}, refusing files over {@link #MAX_LOG_BYTES}. */
    public static EventLog read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] log = in.readNBytes(MAX_LOG_BYTES + 1);
            if (log.length > MAX_LOG_BYTES) {
                throw new EventLogParseException(MAX_LOG_BYTES, file + " is larger than " + MAX_LOG_BYTES
                        + " bytes, which no firmware event log is");
            }
            return parse(log);
        }
    }

    private static Event sha1Event(LittleEndianReader r, int index) {
        long start = r.offset();
        int pcr = pcr(r);
        EventType type = new EventType((int) r.u32("event type"));
        Digest sha1 = Digest.of(DigestAlgorithm.SHA1.id(), r.bytes(SHA1_SIZE, "SHA-1 digest"));
        long size = r.u32("event data size");
        long dataAt = r.offset();
        return Event.create(index, start, pcr, type, List.of(sha1), dataAt, r.bytes(size, "event data"));
    }

    private static Event agileEvent(LittleEndianReader r, int index, SpecIdEvent specId) {
        long start = r.offset();
        int pcr = pcr(r);
        EventType type = new EventType((int) r.u32("event type"));
        long countAt = r.offset();
        long count = r.u32("digest count");
        if (count > r.remaining() / 2) {
            throw r.fail(countAt, "digest count " + count + " cannot fit the " + r.remaining() + " bytes left");
        }
        List<Digest> digests = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long algAt = r.offset();
            int alg = r.u16("digest algorithm");
            int size = specId.digestSize(alg);
            if (size < 0) {
                throw r.fail(algAt, "digest algorithm " + DigestAlgorithm.nameOf(alg)
                        + " is not declared in the Spec ID event, so its size is unknown");
            }
            digests.add(Digest.of(alg, r.bytes(size, DigestAlgorithm.nameOf(alg) + " digest")));
        }
        long size = r.u32("event data size");
        long dataAt = r.offset();
        return Event.create(index, start, pcr, type, digests, dataAt, r.bytes(size, "event data"));
    }

    private static int pcr(LittleEndianReader r) {
        long at = r.offset();
        long pcr = r.u32("PCR index");
        if (pcr > MAX_PCR) {
            throw r.fail(at, "PCR index " + pcr + " is out of range 0-" + MAX_PCR);
        }
        return (int) pcr;
    }
}
