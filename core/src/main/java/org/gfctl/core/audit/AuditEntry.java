package org.gfctl.core.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.gfctl.core.merkle.MerkleHash;

/**
 * One audit log entry: sequence number, UTC time and the {@link AuditEvent}, with the canonical
 * bytes that are the leaf of the log's Merkle tree.
 *
 * <p>The bytes are RFC 8785 (JCS) canonical JSON: members sorted by name, no whitespace, integers
 * only, strings escaped minimally. That makes them unambiguous (no two entries share bytes), easy
 * to check with any JSON tool, and identical whatever engine stored them. The leaf hash is
 * SHA-256(0x00 ‖ bytes) as RFC 6962 §2.1 prescribes. The sequence number is inside the bytes, so
 * entries moved to another position no longer hash to their place in the tree.
 */
public final class AuditEntry {
    /** The encoding version, the {@code version} member of the canonical bytes. */
    public static final int VERSION = 1;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private final long seq;
    private final Instant time;
    private final AuditEvent event;

    private AuditEntry(long seq, Instant time, AuditEvent event) {
        this.seq = seq;
        this.time = time;
        this.event = event;
    }

    /** Entry {@code seq} recording {@code event} at {@code time} (kept to the millisecond). */
    public static AuditEntry create(long seq, Instant time, AuditEvent event) {
        if (seq < 0 || seq >= 1L << 53) {
            throw new IllegalArgumentException("audit sequence number must be 0..2^53-1, not " + seq);
        }
        Instant t = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MILLIS);
        if (t.getEpochSecond() < 0 || t.isAfter(Instant.parse("9999-12-31T23:59:59.999Z"))) {
            throw new IllegalArgumentException("audit time must be between 1970 and 9999, not " + t);
        }
        return new AuditEntry(seq, t, Objects.requireNonNull(event, "event"));
    }

    /**
     * Parses canonical entry bytes, refusing any that are not exactly what {@link #encode()} would
     * produce (so that one entry has exactly one encoding).
     */
    public static AuditEntry decode(byte[] bytes) {
        return EntryCodec.decode(bytes);
    }

    public long seq() {
        return seq;
    }

    public Instant time() {
        return time;
    }

    /** The time as stored: ISO-8601 UTC with milliseconds, e.g. {@code 2025-01-31T08:00:00.000Z}; sorts as text. */
    public String timeText() {
        return formatTime(time);
    }

    public AuditEvent event() {
        return event;
    }

    /** The canonical bytes (RFC 8785 JSON) that are hashed into the log. */
    public byte[] encode() {
        return encode(seq, timeText(), event.actor(), event.actorKey(), event.role().id(), event.action(), event.object(),
                event.result(), event.exitCode(), event.evidenceDigest());
    }

    /** SHA-256(0x00 ‖ {@link #encode()}): this entry's leaf hash (RFC 6962 §2.1). */
    public byte[] leafHash() {
        return MerkleHash.leaf(encode());
    }

    /** The canonical bytes of an entry with these field values as stored, without validating them. */
    static byte[] encode(long seq, String time, String actor, String actorKey, String role, String action,
            String object, String result, int exitCode, String evidenceDigest) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"action\":");
        EntryCodec.string(b, action);
        b.append(",\"actor\":");
        EntryCodec.string(b, actor);
        b.append(",\"actorKey\":");
        EntryCodec.string(b, actorKey);
        b.append(",\"evidence\":");
        EntryCodec.string(b, evidenceDigest);
        b.append(",\"exitCode\":").append(exitCode);
        b.append(",\"object\":");
        EntryCodec.string(b, object);
        b.append(",\"result\":");
        EntryCodec.string(b, result);
        b.append(",\"role\":");
        EntryCodec.string(b, role);
        b.append(",\"seq\":").append(seq);
        b.append(",\"time\":");
        EntryCodec.string(b, time);
        b.append(",\"version\":").append(VERSION).append('}');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String formatTime(Instant t) {
        return TIME.format(t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditEntry e && seq == e.seq && time.equals(e.time) && event.equals(e.event);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seq, time, event);
    }

    @Override
    public String toString() {
        return "AuditEntry[" + seq + " " + timeText() + " " + event + "]";
    }
}
