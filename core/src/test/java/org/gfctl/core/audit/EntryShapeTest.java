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

    /** A byte {@link EntryShape#string} may pass without looking closer: printable ASCII but the quote and backslash. */
    private static boolean plain(int c) {
        return c >= 0x20 && c <= 0x7f && c != '"' && c != '\\';
    }

    @Test
    void eachByteValue_atEachOffsetOfALongString_isJudgedAsByteByByte() {
        byte[] good = encoded(21, AuditEvent.of(Role.HOST, "attest", "p".repeat(40), "ok", 0, null));
        int start = new String(good, StandardCharsets.US_ASCII).indexOf("\"object\":\"") + "\"object\":\"".length();
        for (int at = 0; at < 40; at++) {
            for (int c = 0; c < 256; c++) {
                byte[] b = good.clone();
                b[start + at] = (byte) c;
                assertThat(EntryShape.seq(b)).as("byte %02x at %d", c, at)
                        .isEqualTo(plain(c) ? 21 : EntryShape.NOT_CANONICAL);
            }
        }
    }

    @Test
    void theEightByteSkip_stopsAtEveryWordWithASpecialByte() {
        java.util.Random random = new java.util.Random(42);
        for (int n = 0; n < 20_000; n++) {
            byte[] word = new byte[8];
            for (int k = 0; k < 8; k++) {
                word[k] = (byte) (n % 2 == 0 ? random.nextInt(256) : 0x20 + random.nextInt(0x60));
            }
            if (n % 4 == 1) {
                word[random.nextInt(8)] = (byte) random.nextInt(256);
            }
            long x = java.nio.ByteBuffer.wrap(word).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            boolean any = false;
            for (byte w : word) {
                any |= !plain(w & 0xff);
            }
            assertThat(EntryShape.special(x)).as("%016x", x).isEqualTo(any);
        }
    }

    @Test
    void anyChangedByteOfAMemberName_isNotCanonical() {
        byte[] good = encoded(33, AuditEvent.of(Role.GUARDIAN, "key.release", "vm-1", "ok", 0, null));
        String text = new String(good, StandardCharsets.US_ASCII);
        for (String name : List.of("{\"action\":", ",\"actor\":", ",\"actorKey\":", ",\"evidence\":", ",\"exitCode\":",
                ",\"object\":", ",\"result\":", ",\"role\":", ",\"seq\":", ",\"time\":", ",\"version\":1}")) {
            int at = text.indexOf(name);
            assertThat(at).as(name).isNotNegative();
            for (int k = at; k < at + name.length(); k++) {
                for (byte c : new byte[] {good[k] == 'x' ? (byte) 'y' : (byte) 'x', (byte) (good[k] ^ 0x20),
                    (byte) (good[k] + 1)}) {
                    byte[] b = good.clone();
                    b[k] = c;
                    assertThat(EntryShape.seq(b)).as("%s byte %d -> %c", name, k - at, (char) c)
                            .isEqualTo(EntryShape.NOT_CANONICAL);
                }
            }
        }
    }
}
