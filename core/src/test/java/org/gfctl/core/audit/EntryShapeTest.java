package org.gfctl.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryShapeTest {
    private static final Instant T = Instant.parse("2025-01-31T08:00:00.123Z");

    private static byte[] encoded(long seq, AuditEvent e) {
        return AuditEntry.create(seq, T, e).encode();
    }

    @Test
    void canonicalEntries_passWithTheirSeq() {
        assertThat(EntryShape.seq(encoded(0, AuditEvent.of(Role.HOST, "attest", "h0", "ok", 0, null)))).isZero();
        assertThat(EntryShape.seq(AuditEntry.encode(9_007_199_254_740_991L, "2025-01-31T08:00:00.123Z", "a\"\\",
                "cd".repeat(32), "guardian", "key.release", "vm \"a\\b\"\b\f\n\r\ttab \u0001\u001f \u007f", "denied",
                -2147483648, "ab".repeat(32)))).isEqualTo(9_007_199_254_740_991L);
        assertThat(EntryShape.seq(encoded(7, AuditEvent.of(Role.OWNER, "shield-vm", "x", "failed", 255, null))))
                .isEqualTo(7);
    }

    @Test
    void nonAsciiEntries_goToTheFullDecoder() {
        byte[] b = encoded(3, AuditEvent.of(Role.OWNER, "shield-vm", "vm-é", "ok", 0, null));
        assertThat(EntryShape.seq(b)).isEqualTo(EntryShape.NOT_CANONICAL);
        assertThat(AuditEntry.decode(b).seq()).isEqualTo(3);
    }

    @Test
    void nonCanonicalBytes_areNotPassed() {
        String good = new String(AuditEntry.encode(12, "2025-01-31T08:00:00.123Z", "alice", null, "host", "attest",
                "h\u0001", "ok", 0, null), StandardCharsets.US_ASCII);
        assertThat(EntryShape.seq(good.getBytes(StandardCharsets.US_ASCII))).isEqualTo(12);
        List<String> bad = List.of(" " + good, good + " ", good.replace("\"seq\":12", "\"seq\":012"),
                good.replace("\"seq\":12", "\"seq\":-12"), good.replace("\"seq\":12", "\"seq\":12.0"),
                good.replace("\"exitCode\":0", "\"exitCode\":-0"), good.replace("\"exitCode\":0", "\"exitCode\":00"),
                good.replace("\"exitCode\":0", "\"exitCode\":2147483648"), good.replace("\\u0001", "\\u0001".toUpperCase()),
                good.replace("\\u0001", "\\u000a"), good.replace("\\u0001", "\\u0020"), good.replace("\\u0001", "\u0001"),
                good.replace("\\u0001", "\\/"), good.replace("\"h", "\"\\u0068"), good.replace("\"version\":1",
                "\"version\":2"), good.replace("\"actor\":", "\"actor\" :"), good.replace("\"object\":\"h\\u0001\"",
                "\"object\":null"), good.replace("\"seq\":12", "\"seq\":9007199254740992"), good.substring(0,
                good.length() - 1), "", "{}");
        for (String b : bad) {
            assertThat(EntryShape.seq(b.getBytes(StandardCharsets.ISO_8859_1))).as(b).isEqualTo(EntryShape.NOT_CANONICAL);
        }
    }

    @Test
    void entryInsideABatch_isCheckedWithinItsBounds() {
        byte[] e = encoded(5, AuditEvent.of(Role.HOST, "attest", "h5", "ok", 0, null));
        byte[] batch = new byte[e.length + 4];
        System.arraycopy(e, 0, batch, 2, e.length);
        assertThat(EntryShape.seq(batch, 2, 2 + e.length)).isEqualTo(5);
        assertThat(EntryShape.seq(batch, 2, 1 + e.length)).as("last byte outside").isEqualTo(EntryShape.NOT_CANONICAL);
        assertThat(EntryShape.seq(batch, 2, 3 + e.length)).as("a byte too many").isEqualTo(EntryShape.NOT_CANONICAL);
    }
}
