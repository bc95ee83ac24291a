package org.gfctl.tpm.eventlog;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Builds a TCG event log: crypto-agile with a Spec ID event for the chosen banks, or SHA-1 format.
 *
 * <p>For tests and for gfctl itself: {@link #events()} holds every added event with its digests,
 * so the same measurements can be extended into a (software) TPM and the log then replays to the
 * TPM's PCRs. Layouts: TCG PC Client PFP §10.2.1 (TCG_PCR_EVENT), §10.2.2 (TCG_PCR_EVENT2),
 * §10.4.5.1 (Spec ID event), §10.4.5.3 (StartupLocality). A builder, so mutable and not
 * thread-safe; use one per log.
 */
public final class EventLogWriter {
    private final List<DigestAlgorithm> banks;
    private final boolean agile;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Event> events = new ArrayList<>();
    private int nextIndex;

    private EventLogWriter(List<DigestAlgorithm> banks, boolean agile) {
        this.banks = banks;
        this.agile = agile;
    }

    /** A crypto-agile log whose Spec ID event declares {@code banks}, in this order. */
    public static EventLogWriter cryptoAgile(DigestAlgorithm... banks) {
        List<DigestAlgorithm> list = List.of(banks);
        if (list.isEmpty() || list.stream().distinct().count() != list.size()) {
            throw new IllegalArgumentException("a crypto-agile log needs one or more distinct banks, not " + list);
        }
        EventLogWriter w = new EventLogWriter(list, true);
        w.writeSha1Event(0, EventType.EV_NO_ACTION, new byte[20], specIdData(list));
        return w;
    }

    /** A SHA-1 format log (TCG_PCR_EVENT entries only). */
    public static EventLogWriter sha1() {
        return new EventLogWriter(List.of(DigestAlgorithm.SHA1), false);
    }

    /** Appends an event whose digests are the hash of its own data, in every bank. */
    public EventLogWriter measure(int pcr, EventType type, byte[] data) {
        return measure(pcr, type, data, data);
    }

    /**
     * Appends an event whose digests are the hash of {@code measured}, in every bank (e.g. a PE
     * image for EV_EFI_BOOT_SERVICES_APPLICATION, whose event data only describes it).
     */
    public EventLogWriter measure(int pcr, EventType type, byte[] data, byte[] measured) {
        List<Digest> digests = new ArrayList<>();
        for (DigestAlgorithm a : banks) {
            digests.add(Digest.of(a, a.hash(measured)));
        }
        return withDigests(pcr, type, data, digests);
    }

    /** Appends an EV_NO_ACTION event: all-zero digests, never extended. */
    public EventLogWriter noAction(int pcr, byte[] data) {
        List<Digest> zeros = new ArrayList<>();
        for (DigestAlgorithm a : banks) {
            zeros.add(Digest.of(a, new byte[a.size()]));
        }
        return withDigests(pcr, EventType.EV_NO_ACTION, data, zeros);
    }

    /** Appends the StartupLocality EV_NO_ACTION event on PCR 0: PCR 0 then starts at {@code locality}. */
    public EventLogWriter startupLocality(int locality) {
        if (locality < 0 || locality > 4) {
            throw new IllegalArgumentException("locality must be 0 to 4, not " + locality);
        }
        byte[] data = Arrays.copyOf("StartupLocality\0".getBytes(StandardCharsets.US_ASCII), 17);
        data[16] = (byte) locality;
        return noAction(0, data);
    }

    /**
     * Appends an event with exactly {@code digests}, as logged: the way to reproduce firmware that
     * omits, repeats or misorders banks. In a SHA-1 log it must be one SHA-1 digest.
     */
    public EventLogWriter withDigests(int pcr, EventType type, byte[] data, List<Digest> digests) {
        Objects.requireNonNull(type, "type");
        if (pcr < 0 || pcr > 31) {
            throw new IllegalArgumentException("PCR must be 0 to 31, not " + pcr);
        }
        if (agile) {
            writeAgileEvent(pcr, type, digests, data);
        } else {
            if (digests.size() != 1 || digests.get(0).algorithmId() != DigestAlgorithm.SHA1.id()
                    || digests.get(0).length() != 20) {
                throw new IllegalArgumentException("a SHA-1 format event has exactly one SHA-1 digest, not " + digests);
            }
            writeSha1Event(pcr, type, digests.get(0).value(), data);
        }
        return this;
    }

    /** The added events with their digests, in order; the Spec ID event is not among them. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The log so far. */
    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void writeSha1Event(int pcr, EventType type, byte[] sha1, byte[] data) {
        long start = out.size();
        u32(pcr);
        u32(type.value());
        out.writeBytes(sha1);
        u32(data.length);
        if (!(agile && start == 0)) {
            events.add(Event.create(nextIndex, start, pcr, type, List.of(Digest.of(DigestAlgorithm.SHA1, sha1)),
                    out.size(), data));
        }
        out.writeBytes(data);
        nextIndex++;
    }

    private void writeAgileEvent(int pcr, EventType type, List<Digest> digests, byte[] data) {
        long start = out.size();
        u32(pcr);
        u32(type.value());
        u32(digests.size());
        for (Digest d : digests) {
            u16(d.algorithmId());
            out.writeBytes(d.value());
        }
        u32(data.length);
        events.add(Event.create(nextIndex++, start, pcr, type, digests, out.size(), data));
        out.writeBytes(data);
    }

    private static byte[] specIdData(List<DigestAlgorithm> banks) {
        ByteBuffer b = ByteBuffer.allocate(SpecIdEvent.SIGNATURE.length + 12 + 4 * banks.size() + 1)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(SpecIdEvent.SIGNATURE);
        b.putInt(0);              // platformClass: client
        b.put((byte) 0);          // specVersionMinor
        b.put((byte) 2);          // specVersionMajor
        b.put((byte) 0);          // specErrata
        b.put((byte) 2);          // uintnSize: UINT64
        b.putInt(banks.size());
        for (DigestAlgorithm a : banks) {
            b.putShort((short) a.id()).putShort((short) a.size());
        }
        b.put((byte) 0);          // vendorInfoSize
        return b.array();
    }

    private void u32(int v) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    private void u16(int v) {
        out.writeBytes(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array());
    }
}
