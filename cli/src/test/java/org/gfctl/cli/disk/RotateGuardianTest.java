package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.cli.TestStore;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.FabricHome;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.secret.Secret;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.testing.DiskImages;
import org.gfctl.testing.PostgresExtension;
import org.gfctl.testing.PostgresServer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * fabric rotate-guardian rewraps every inventoried key protector to a new guardian key and retires the old one;
 * on a SQLite and on a PostgreSQL store.
 */
@ExtendWith(PostgresExtension.class)
class RotateGuardianTest {
    @TempDir
    Path dir;
    private TestStore store;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestStore.Engine.class)
    void rotateGuardian_newKeyIsRecipientOfEveryKp_oldIsNot_missingFileReportedThenFinished(TestStore.Engine engine,
            PostgresServer pg) throws Exception {
        store = TestStore.create(engine, pg, dir);
        String home = dir.resolve("home").toString();
        assertThat(store.init(home).exitCode()).isZero();
        Fixtures f = Fixtures.create(dir, "ecp384");
        Path image = DiskImages.generate(dir.resolve("vm.raw"), 2 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 9);
        Path a = dir.resolve("a.luks");
        Path b = dir.resolve("b.luks");
        for (Path p : new Path[] {a, b}) {
            GfctlRunner.Result r = f.gfctl(store, "--home", home, "shield-vm", "--in", image.toString(), "--out", p.toString(),
                    "--owner", f.owner.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
        }
        X509Certificate oldGuardian = guardian(home);
        Path aside = Files.move(Path.of(b + ".kp"), dir.resolve("b.kp.aside"));

        GfctlRunner.Result first = store.run("--home", home, "-o", "json", "fabric", "rotate-guardian");
        assertThat(first.exitCode()).as(first.err() + first.out()).isZero();
        assertThat(first.out()).containsPattern("\"status\" ?: ?\"rewrapped\"").containsPattern("\"status\" ?: ?\"failed\"")
                .contains("does not exist").containsPattern("\"retiredKept\" ?: ?\\[ ?\"guardian-retired-");
        X509Certificate newGuardian = guardian(home);
        assertThat(Certificates.fingerprint(newGuardian)).isNotEqualTo(Certificates.fingerprint(oldGuardian));

        Files.move(aside, Path.of(b + ".kp"));
        GfctlRunner.Result second = store.run("--home", home, "-o", "json", "fabric", "rotate-guardian");
        assertThat(second.exitCode()).as(second.err() + second.out()).isZero();
        assertThat(second.out()).doesNotContain("\"failed\"").containsPattern("\"status\" ?: ?\"already-rewrapped\"")
                .containsPattern("\"retiredRemoved\" ?: ?\\[ ?\"guardian-retired-");
        assertThat(Certificates.fingerprint(guardian(home))).as("a rerun finishes, it does not rotate again")
                .isEqualTo(Certificates.fingerprint(newGuardian));

        try (Fabric fabric = Fabric.open(FabricHome.at(Path.of(home)), null, StoreCredentials.fromEnvironment(store.environment()))) {
            assertThat(fabric.keys().retired()).isEmpty();
            for (Path p : new Path[] {a, b}) {
                KeyProtector kp = KeyProtector.read(Path.of(p + ".kp"));
                kp.verifySignature();
                assertThat(kp.recipients()).anyMatch(r -> r.sha256().equals(Certificates.fingerprint(newGuardian)))
                        .noneMatch(r -> r.sha256().equals(Certificates.fingerprint(oldGuardian)));
                try (Secret s = kp.unwrap(fabric.keys().encryption().privateKey(), newGuardian)) {
                    assertThat(s.length()).isEqualTo(43);
                }
            }
        }
        // The key inventory dates the guardian key from the rotation that made it, not from the rerun.
        GfctlRunner.Result report = store.run("--home", home, "audit", "report", "--framework", "nist-800-53-r5",
                "--format", "json");
        assertThat(report.exitCode()).as(report.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode keys = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(report.out()).at("/keys");
        com.fasterxml.jackson.databind.JsonNode history = keys.get("guardianHistory");
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("action").asText()).isEqualTo("fabric.init");
        assertThat(history.get(0).get("keyFingerprint").asText()).isEqualTo(Certificates.fingerprint(oldGuardian));
        assertThat(history.get(1).get("keyFingerprint").asText()).isEqualTo(Certificates.fingerprint(newGuardian));
        assertThat(keys.get("guardianInUseSince").asText()).isEqualTo(history.get(1).get("time").asText());
        // The owner still unshields: the key protector is now signed by the (trusted) new guardian key.
        Path out = dir.resolve("out.raw");
        GfctlRunner.Result u = f.gfctl(store, "--home", home, "unshield", "--in", a.toString(), "--out", out.toString(),
                "--owner-key", f.owner.toString());
        assertThat(u.exitCode()).as(u.err()).isZero();
        assertThat(Fixtures.sha256(out)).isEqualTo(Fixtures.sha256(image));
    }

    private X509Certificate guardian(String home) {
        try (Fabric fabric = Fabric.open(FabricHome.at(Path.of(home)), null, StoreCredentials.fromEnvironment(store.environment()))) {
            return fabric.keys().encryption().certificate();
        }
    }
}
