package org.gfctl.tpm.eventlog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a TCG event log: its position, PCR index, type, digests and event data.
 *
 * <p>In the crypto-agile format an event is a TCG_PCR_EVENT2 with one digest per bank; in the
 * SHA-1 format (and for the Spec ID event) a TCG_PCR_EVENT with one SHA-1 digest (TCG PC Client
 * PFP §10.2.1, §10.2.2). Firmware sometimes omits or repeats a bank's digest; the event keeps the
 * list exactly as logged and {@link #digest(int)} answers with the first match.
 */
public final class Event {
    private final int index;
    private final long offset;
    private final int pcr;
    private final EventType type;
    private final List<Digest> digests;
    private final long dataOffset;
    private final byte[] data;

    private Event(int index, long offset, int pcr, EventType type, List<Digest> digests, long dataOffset,
            byte[] data) {
        this.index = index;
        this.offset = offset;
        this.dataOffset = dataOffset;
        this.pcr = pcr;
        this.type = type;
        this.digests = digests;
        this.data = data;
    }

    /**
     * An event at log {@code offset} whose data starts at {@code dataOffset}; {@code data} is
     * copied.
     */
    static Event create(int index, long offset, int pcr, EventType type, List<Digest> digests,
            long dataOffset, byte[] data) {
        if (index < 0 || pcr < 0 || offset < 0 || dataOffset < offset) {
            throw new IllegalArgumentException("index, PCR and offsets must not be negative and data must follow"
                    + " the header: " + index + ", " + pcr + ", " + offset + ", " + dataOffset);
        }
        return new Event(index, offset, pcr, Objects.requireNonNull(type, "type"), List.copyOf(digests),
                dataOffset, data.clone());
    }

    /** The 0-based position in the log, counting the Spec ID event as 0 in a crypto-agile log. */
    public int index() {
        return index;
    }

    /** The byte offset of the event's first byte in the log. */
    public long offset() {
        return offset;
    }

    /** The byte offset of the event data in the log, for error messages about its content. */
    public long dataOffset() {
        return dataOffset;
    }

    public int pcr() {
        return pcr;
    }

    public EventType type() {
        return type;
    }

    /** The digests as logged, in log order. */
    public List<Digest> digests() {
        return digests;
    }

    /** The first digest logged for {@code algorithmId}, if any. */
    public Optional<Digest> digest(int algorithmId) {
        return digests.stream().filter(d -> d.algorithmId() == algorithmId).findFirst();
    }

    /** A copy of the event data. */
    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    /** Whether the event data starts with {@code prefix}, without copying it. */
    boolean dataStartsWith(byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The data byte at {@code i}, for decoders in this package. */
    byte dataByte(int i) {
        return data[i];
    }

    @Override
    public String toString() {
        return "Event[" + index + " PCR" + pcr + " " + type + " " + digests + " " + data.length + " bytes]";
    }
}
