package org.gfctl.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.DiskImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every state-changing command against a fabric leaves one audit entry, refusals included, and no secret. */
class AuditTrailTest {
    @TempDir
    Path dir;

    @Test
    void commandsAreRecorded_withTheirOutcome_andTheLogVerifies() throws Exception {
        String home = dir.resolve("home").toString();
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "owner password\n");
        assertThat(GfctlRunner.run("--home", home, "fabric", "init").exitCode()).isZero();
        Path owner = dir.resolve("owner.p12");
        assertThat(GfctlRunner.run("--home", home, "owner", "init", "--out", owner.toString(), "--password-file",
                pw.toString()).exitCode()).isZero();
        Path image = DiskImages.generate(dir.resolve("vm.raw"), 2 * DiskImages.EXTENT, DiskImages.Layout.RANDOM, 3);
        Path shielded = dir.resolve("vm.luks");
        assertThat(GfctlRunner.run("--home", home, "shield-vm", "--in", image.toString(), "--out", shielded.toString(),
                "--owner", owner.toString(), "--password-file", pw.toString()).exitCode()).isZero();
        assertThat(GfctlRunner.run("--home", home, "verify", shielded.toString()).exitCode()).isZero();
        Path secret = dir.resolve("secret");
        assertThat(GfctlRunner.run("--home", home, "key", "reveal", "--in", shielded.toString(), "--owner-key",
                owner.toString(), "--password-file", pw.toString(), "--out", secret.toString()).exitCode()).isZero();
        GfctlRunner.Result refused = GfctlRunner.run("--home", home, "unshield", "--in", shielded.toString(), "--out",
                dir.resolve("x").toString(), "--passphrase-file", pw.toString());
        assertThat(refused.exitCode()).isEqualTo(6);

        GfctlRunner.Result log = GfctlRunner.run("--home", home, "-o", "json", "audit", "log");
        assertThat(log.exitCode()).as(log.err()).isZero();
        String[] lines = log.out().strip().split("\n");
        assertThat(lines).hasSize(6);
        String uuid = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines[2]).get("object").asText();
        assertThat(uuid).matches("[0-9a-f-]{36}");
        // every entry about the volume is found by its UUID, the refused unshield included
        GfctlRunner.Result rotated = GfctlRunner.run("--home", home, "rotate-key", "--in", shielded.toString(),
                "--rewrap", "--owner-key", owner.toString(), "--password-file", pw.toString());
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        GfctlRunner.Result volume = GfctlRunner.run("--home", home, "-o", "json", "audit", "log", "--object", uuid);
        assertThat(volume.out().strip().split("\n")).hasSize(5);
        assertThat(volume.out()).contains("\"action\":\"shield-vm\"").contains("\"action\":\"verify\"")
                .contains("\"action\":\"key.reveal\"").contains("\"action\":\"unshield\"")
                .contains("\"action\":\"rotate-key\"");
        String rotation = volume.out().strip().split("\n")[4];
        assertThat(rotation).contains("\"actorKey\":\"").contains("\"evidence\":\"");
        // --actor matches the fingerprint of the key used as well as the OS user: the owner key's
        // entries (key reveal, rotate-key), not the fabric's or the keyless ones (verify)
        String ownerKey = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rotation).get("actorKey").asText();
        GfctlRunner.Result byKey = GfctlRunner.run("--home", home, "-o", "json", "audit", "log", "--actor", ownerKey);
        assertThat(byKey.exitCode()).as(byKey.err()).isZero();
        assertThat(byKey.out()).contains("\"action\":\"key.reveal\"").contains("\"action\":\"rotate-key\"")
                .doesNotContain("\"action\":\"fabric.init\"").doesNotContain("\"action\":\"verify\"");
        String user = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rotation).get("actor").asText();
        assertThat(GfctlRunner.run("--home", home, "-o", "json", "audit", "log", "--actor", user).out().strip()
                .split("\n")).hasSize(7);
        assertThat(GfctlRunner.run("--home", home, "-o", "json", "audit", "log", "--actor", ownerKey.substring(0, 16))
                .out()).isBlank(); // a prefix of a fingerprint is not the key
        assertThat(lines[0]).contains("\"action\":\"fabric.init\"").contains("\"role\":\"guardian\"");
        assertThat(log.out()).contains("\"action\":\"shield-vm\"").contains("\"action\":\"verify\"")
                .contains("\"action\":\"key.reveal\"");
        assertThat(lines[5]).contains("\"action\":\"unshield\"").contains("\"result\":\"refused\"").contains("\"exitCode\":6");
        assertThat(log.out()).doesNotContain(Files.readString(secret));
        GfctlRunner.Result verify = GfctlRunner.run("--home", home, "audit", "verify");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();

        // verify marks the inventoried volume verified: only the image the inventory names (same root and signer)
        java.time.Instant before = verifiedAt(home, uuid);
        Thread.sleep(5);
        assertThat(GfctlRunner.run("--home", home, "verify", shielded.toString()).exitCode()).isZero();
        assertThat(verifiedAt(home, uuid)).isAfter(before);
    }

    private static java.time.Instant verifiedAt(String home, String uuid) {
        try (var store = org.gfctl.core.store.FabricStore.open(org.gfctl.core.store.FabricStore.defaultUrl(Path.of(home)),
                org.gfctl.core.store.StoreCredentials.none())) {
            return store.volumes().find(uuid).orElseThrow().verifiedAt();
        }
    }

    @Test
    void anObjectShapedLikeASecret_isRecordedRedacted_notDropped() throws Exception {
        String home = dir.resolve("home").toString();
        assertThat(GfctlRunner.run("--home", home, "fabric", "init").exitCode()).isZero();
        String host = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq"; // a valid host name, 43 characters
        GfctlRunner.Result remove = GfctlRunner.run("--home", home, "host", "remove", host);
        assertThat(remove.exitCode()).as(remove.err()).isEqualTo(5);
        assertThat(remove.err()).doesNotContain("did not record");
        GfctlRunner.Result log = GfctlRunner.run("--home", home, "-o", "json", "audit", "log", "--action",
                "host.remove");
        assertThat(log.out()).contains("\"object\":\"[redacted]\"").contains("\"result\":\"not-found\"")
                .doesNotContain(host);
        assertThat(GfctlRunner.run("--home", home, "audit", "verify").exitCode()).isZero();
    }

    @Test
    void aSuccessThatCannotBeAudited_exitsNonZero_andSaysWhatWasDone() throws Exception {
        String home = dir.resolve("home").toString();
        assertThat(GfctlRunner.run("--home", home, "fabric", "init").exitCode()).isZero();
        Path policy = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/examples/release-policy.yaml");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("home").resolve("fabric.db"));
                var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM audit_checkpoints"); // a damaged log: append refuses to sign over it
        }
        GfctlRunner.Result r = GfctlRunner.run("--home", home, "policy", "validate", "--apply", policy.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.err()).contains("error: policy validate was carried out, but the audit log could not record it")
                .contains("the store holds no checkpoint, but the guardian signed checkpoint 0");
        GfctlRunner.Result log = GfctlRunner.run("--home", home, "-o", "json", "audit", "log");
        assertThat(log.out().strip().split("\n")).hasSize(1); // fabric.init only
    }

    /** A rollback stays visible, even after a refused re-init of the fabric in the same home. */
    @Test
    void aRollback_isReportedByVerify_evenAfterARefusedReinit() throws Exception {
        Path homeDir = dir.resolve("home");
        String home = homeDir.toString();
        assertThat(GfctlRunner.run("--home", home, "fabric", "init").exitCode()).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(GfctlRunner.run("--home", home, "host", "remove", "h" + i).exitCode()).isEqualTo(5);
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + homeDir.resolve("fabric.db"));
                var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM audit_checkpoints WHERE number >= 2");
            s.executeUpdate("DELETE FROM audit_entries WHERE seq >= 2");
        }
        GfctlRunner.Result reinit = GfctlRunner.run("--home", home, "fabric", "init", "--force", "--store",
                "jdbc:sqlite:" + homeDir.resolve("fabric.db"));
        assertThat(reinit.exitCode()).as(reinit.err()).isEqualTo(1);
        GfctlRunner.Result verify = GfctlRunner.run("--home", home, "audit", "verify");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(4);
        assertThat(verify.out()).contains("log rolled back: the store's newest checkpoint is 1 (size 2), but the guardian"
                + " signed checkpoint 3 (size 4)");
    }
}
