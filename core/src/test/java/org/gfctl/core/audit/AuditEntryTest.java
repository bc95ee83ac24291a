package org.gfctl.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.merkle.MerkleHash;
import org.junit.jupiter.api.Test;

class AuditEntryTest {
    private static final String FP = "ab".repeat(32);
    private static final AuditEvent EVENT = AuditEvent.of(Role.GUARDIAN, "key.release", "5c1f0c1e-0000-4000-8000-000000000001",
            "denied", 3, "cd".repeat(32)).withActor("alice").withActorKey(FP);

    @Test
    void encoding_isRfc8785CanonicalJson_withSortedMembers() {
        AuditEntry e = AuditEntry.create(7, Instant.parse("2025-01-31T08:00:00.123456Z"), EVENT);
        assertThat(new String(e.encode(), StandardCharsets.UTF_8)).isEqualTo("{\"action\":\"key.release\","
                + "\"actor\":\"alice\",\"actorKey\":\"" + FP + "\",\"evidence\":\"" + "cd".repeat(32) + "\","
                + "\"exitCode\":3,\"object\":\"5c1f0c1e-0000-4000-8000-000000000001\",\"result\":\"denied\","
                + "\"role\":\"guardian\",\"seq\":7,\"time\":\"2025-01-31T08:00:00.123Z\",\"version\":1}");
        assertThat(e.leafHash()).isEqualTo(MerkleHash.leaf(e.encode()));
    }

    @Test
    void decode_roundTrips_andEscapesQuotesAndBackslashes() {
        AuditEntry e = AuditEntry.create(0, Instant.parse("2025-01-31T08:00:00Z"),
                AuditEvent.of(Role.OWNER, "shield-vm", "C:\\vm \"one\" é", "ok", 0, null));
        assertThat(new String(e.encode(), StandardCharsets.UTF_8)).contains("\"object\":\"C:\\\\vm \\\"one\\\" é\"")
                .contains("\"actorKey\":null,\"evidence\":null");
        assertThat(AuditEntry.decode(e.encode())).isEqualTo(e);
        byte[] escaped = new String(e.encode(), StandardCharsets.UTF_8).replace("é", "\\u00e9")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AuditEntry.decode(escaped)).hasMessageContaining("canonical");
    }

    @Test
    void decode_refusesNonCanonicalBytes() {
        byte[] ok = AuditEntry.create(1, Instant.EPOCH, EVENT).encode();
        String s = new String(ok, StandardCharsets.UTF_8);
        for (String bad : new String[] {s.replace(",\"actor\":", ", \"actor\":"), s.replace("\"seq\":1", "\"seq\":1.0"),
                s.replace("{\"action\":\"key.release\",", "{") , s.replace("\"version\":1", "\"version\":2"),
                "[]", "not json"}) {
            assertThatThrownBy(() -> AuditEntry.decode(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(InvalidFormatException.class);
        }
    }

    @Test
    void unlockSecretShapedValues_areRefused_withoutEchoingThem() {
        String secret = "Qm9vdHN0cmFwLXNlY3JldC1leGFtcGxlLTMyYnl0ZQA";
        assertThat(secret).hasSize(43);
        assertThatThrownBy(() -> AuditEvent.of(Role.OWNER, "key.reveal", "vol " + secret, "ok", 0, null))
                .hasMessageContaining("never hold secrets").hasMessageNotContaining(secret);
        assertThatThrownBy(() -> AuditEvent.of(Role.OWNER, "key.reveal", "-----BEGIN PRIVATE KEY-----", "ok", 0, null))
                .hasMessageContaining("never hold secrets");
        assertThatThrownBy(() -> AuditEvent.of(Role.OWNER, secret, "x", "ok", 0, null))
                .hasMessageContaining("audit action").hasMessageNotContaining(secret);
        assertThat(AuditEvent.of(Role.OWNER, "verify", FP, "ok", 0, null).object()).isEqualTo(FP);
    }

    @Test
    void overlongOrControlCharacterFields_areRefused() {
        assertThatThrownBy(() -> AuditEvent.of(Role.HOST, "attest", "h".repeat(257), "ok", 0, null))
                .hasMessageContaining("object must be 0..256 characters, not 257");
        assertThatThrownBy(() -> AuditEvent.of(Role.HOST, "attest", "h7\nforged line", "ok", 0, null))
                .hasMessageContaining("control");
        assertThatThrownBy(() -> AuditEvent.of(Role.HOST, "attest", "h7", "OK", 0, null)).hasMessageContaining("result");
        assertThatThrownBy(() -> AuditEvent.of(Role.HOST, "attest", "h7", "ok", 256, null)).hasMessageContaining("0..255");
        assertThatThrownBy(() -> AuditEvent.of(Role.HOST, "attest", "h7", "ok", 0, "xyz"))
                .hasMessageContaining("evidence digest");
        assertThatThrownBy(() -> EVENT.withActor("a".repeat(65))).hasMessageContaining("actor must be 1..64");
    }

    @Test
    void recordableObjects_areCutThenRedacted_soTheyAlwaysRecord() {
        String path = "a".repeat(50) + "/" + "b".repeat(156); // cut to 200 it would start with 43 a's
        String r = AuditEvent.recordableObject(path, 200);
        assertThat(r).startsWith("[redacted]/").hasSizeLessThanOrEqualTo(200);
        assertThat(AuditEvent.of(Role.ADMIN, "host.remove", r, "success", 0, null).object()).isEqualTo(r);
        assertThat(AuditEvent.recordableObject("x" + "\n" + "A".repeat(43), 200)).isEqualTo("x?[redacted]");
    }
}
