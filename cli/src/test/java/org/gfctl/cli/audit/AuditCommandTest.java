package org.gfctl.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.sql.Statement;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.core.audit.AuditEvent;
import org.gfctl.core.audit.AuditLog;
import org.gfctl.core.audit.Role;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.FabricHome;
import org.gfctl.core.store.StoreCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gfctl audit log|verify|proof|check-proof} on a fabric whose log has five entries. */
class AuditCommandTest {
    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void fabricWithFiveEntries() {
        home = dir.resolve("home");
        // Through the core API: the CLI's fabric init would itself be audited as entry 0.
        Fabric.init(FabricHome.at(home), null, StoreCredentials.none(), null, false);
        try (Fabric f = Fabric.open(FabricHome.at(home), null, StoreCredentials.none())) {
            AuditLog log = AuditLog.open(f.store(), f.keys().audit());
            for (int i = 0; i < 5; i++) {
                log.append(AuditEvent.of(Role.HOST, i == 3 ? "key.release" : "attest", "h" + i, i == 3 ? "denied" : "ok",
                        i == 3 ? 3 : 0, null));
            }
        }
    }

    GfctlRunner.Result gfctl(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return GfctlRunner.run(all);
    }

    @Test
    void log_isATable_orJsonLines_andFilters() throws Exception {
        GfctlRunner.Result table = gfctl("audit", "log");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().lines()).hasSize(6);
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("   SEQ  TIME");
        assertThat(table.out()).containsPattern("(?m)^     3  \\S+Z  \\S+ +host      key.release +h3 +denied   3$");
        GfctlRunner.Result json = gfctl("-o", "json", "audit", "log", "--result", "ok", "--since", "2000-01-01");
        assertThat(json.out().lines()).hasSize(4);
        for (String line : json.out().lines().toList()) {
            JsonNode n = new ObjectMapper().readTree(line);
            assertThat(n.get("result").asText()).isEqualTo("ok");
        }
        assertThat(gfctl("audit", "log", "--action", "key.release", "--object", "h3").out().lines()).hasSize(2);
        assertThat(gfctl("audit", "log", "--since", "yesterday").exitCode()).isEqualTo(2);
    }

    @Test
    void verify_exits0WhenIntact_and4WithEveryFinding() throws Exception {
        GfctlRunner.Result ok = gfctl("audit", "verify");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("Audit log intact: 5 entries, 5 signed checkpoints, latest 4 at ");
        // the same members in the same order in every run (Map.of's order changed from one JVM to the next)
        JsonNode verified = new ObjectMapper().readTree(gfctl("-o", "json", "audit", "verify").out());
        JsonNode latest = verified.get("latestCheckpoint");
        assertThat(latest.fieldNames()).toIterable().containsExactly("number", "treeSize", "time", "signer");
        // every checkpoint signs its predecessor's digest: the newest signature vouches for them all
        assertThat(verified.get("signaturesChecked").asLong()).isEqualTo(1);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve("fabric.db"));
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_entries SET entry = CAST(REPLACE(CAST(entry AS TEXT), '\"denied\"', '\"ok\"')"
                    + " AS BLOB) WHERE seq = 3");
            s.executeUpdate("DELETE FROM audit_checkpoints WHERE number = 1");
        }
        GfctlRunner.Result bad = gfctl("audit", "verify");
        assertThat(bad.exitCode()).isEqualTo(4);
        assertThat(bad.out()).isEqualTo("checkpoint 1 missing\nentry 3 modified: its bytes no longer hash to its"
                + " stored leaf hash\n");
        assertThat(bad.err()).contains("gfctl audit verify: the audit log is not intact (2 findings)");
        GfctlRunner.Result json = gfctl("-o", "json", "audit", "verify");
        assertThat(json.exitCode()).isEqualTo(4);
        JsonNode error = new ObjectMapper().readTree(json.out()).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(4);
        assertThat(error.get("message").asText()).contains("checkpoint 1 missing; entry 3 modified");
        JsonNode details = error.get("details");
        assertThat(details.get("intact").asBoolean()).isFalse();
        assertThat(details.get("entries").asLong()).isEqualTo(5);
        assertThat(details.get("findings")).hasSize(2);
        assertThat(details.get("findings").get(0).get("kind").asText()).isEqualTo("checkpoint-missing");
        assertThat(details.get("findings").get(1).get("kind").asText()).isEqualTo("entry-modified");
        assertThat(details.get("findings").get(1).get("first").asLong()).isEqualTo(3);
    }

    @Test
    void verify_readsTheAuditCertificateAfterTheEntries_andStillFailsOnAWrongKeyStorePassword() throws Exception {
        Path password = home.resolve("guardian.password");
        Files.writeString(password, "not-the-password\n");
        GfctlRunner.Result r = gfctl("audit", "verify");
        assertThat(r.exitCode()).isEqualTo(6);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("wrong password").contains("guardian key store");
    }

    @Test
    void proof_isCheckedOffline_withTheAuditCertificateOnly() throws Exception {
        GfctlRunner.Result proof = gfctl("audit", "proof", "--entry", "3");
        assertThat(proof.exitCode()).as(proof.err()).isZero();
        Path file = Files.writeString(dir.resolve("proof.json"), proof.out());
        // the checkpoint is a chained one: its note, and so the proof, carries its predecessor's digest
        assertThat(new ObjectMapper().readTree(proof.out()).get("checkpoint").get("prev").asText()).matches("[0-9a-f]{64}");
        Path certs = Files.createDirectories(dir.resolve("certs"));
        assertThat(gfctl("fabric", "export-certs", "--out", certs.toString()).exitCode()).isZero();
        GfctlRunner.Result ok = GfctlRunner.run("audit", "check-proof", file.toString(), "--cert",
                certs.resolve("audit.crt").toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("Entry 3 (host key.release h3 -> denied) is in the audit log of 5 entries");
        Path tampered = Files.writeString(dir.resolve("tampered.json"), proof.out().replace("\"leafIndex\" : 3",
                "\"leafIndex\" : 2"));
        assertThat(GfctlRunner.run("audit", "check-proof", tampered.toString(), "--cert",
                certs.resolve("audit.crt").toString()).exitCode()).isEqualTo(4);
        // the predecessor's digest is part of the signed note: edited or removed, the proof fails
        String prev = new ObjectMapper().readTree(proof.out()).get("checkpoint").get("prev").asText();
        String flipped = (prev.charAt(0) == '0' ? "1" : "0") + prev.substring(1);
        for (String edited : List.of(proof.out().replace(prev, flipped),
                proof.out().replaceAll(",\\s*\"prev\" : \"" + prev + "\"", ""))) {
            assertThat(edited).isNotEqualTo(proof.out());
            Path bad = Files.writeString(dir.resolve("prev.json"), edited);
            assertThat(GfctlRunner.run("audit", "check-proof", bad.toString(), "--cert",
                    certs.resolve("audit.crt").toString()).exitCode()).isEqualTo(4);
        }
        GfctlRunner.Result foreign = GfctlRunner.run("-o", "json", "audit", "check-proof", file.toString(), "--cert",
                certs.resolve("guardian.crt").toString());
        assertThat(foreign.exitCode()).isEqualTo(4);
        assertThat(foreign.out()).startsWith("{\"error\":{\"code\":4,");
        assertThat(gfctl("audit", "proof", "--entry", "5").exitCode()).isEqualTo(5);
    }
}
