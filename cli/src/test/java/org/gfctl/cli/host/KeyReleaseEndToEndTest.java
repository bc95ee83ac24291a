package org.gfctl.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.cli.TestStore;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.FabricHome;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.testing.DiskImages;
import org.gfctl.testing.PostgresExtension;
import org.gfctl.testing.PostgresServer;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Swtpm;
import org.gfctl.testing.SwtpmExtension;
import org.gfctl.testing.Tools;
import org.gfctl.tpm.device.TpmDevices;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.tpm.pcr.Pcrs;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import tss.Tpm;

/**
 * Key release on swtpm, through the CLI: the owner shields, the host enrolls and attests, the
 * guardian releases, the host unshields with no owner key; then the host's state changes and it
 * can neither get a new release nor use the one it holds. Other groups are refused and recorded.
 * Each runs on a SQLite and on a PostgreSQL store (one server for the class, one database per test).
 */
@ExtendWith({SwtpmExtension.class, PostgresExtension.class})
class KeyReleaseEndToEndTest {
    @TempDir
    Path dir;
    private TestStore store;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestStore.Engine.class)
    void healthyHostUnshieldsWithoutTheOwnerKey_untilItsStateChanges(TestStore.Engine engine, Swtpm swtpm, PostgresServer pg)
            throws Exception {
        Shielded f = shieldInNewFabric(engine, pg, swtpm, 5 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 21);
        String home = f.home();
        Path pw = f.pw();
        Path owner = f.owner();
        Path image = f.image();
        Path shielded = f.shielded();

        run(0, "--home", home, "host", "enroll", "--tpm", swtpm.spec(), "--name", "node1", "--group", "gold", "--baseline");
        Path health = dir.resolve("health.pem");
        run(0, "--home", home, "attest", "--tpm", swtpm.spec(), "--host", "node1", "--bind-pcrs", "--out", health.toString());

        Path released = dir.resolve("released.kp");
        run(0, "--home", home, "key", "release", "--in", shielded.toString(), "--health", health.toString(), "--out",
                released.toString());
        Path out = dir.resolve("vm.out");
        run(0, "--home", home, "unshield", "--in", shielded.toString(), "--out", out.toString(), "--tpm", swtpm.spec(),
                "--released", released.toString());
        assertThat(sha256(out)).isEqualTo(sha256(image));
        Path secret = dir.resolve("vm.secret");
        run(0, "--home", home, "key", "unwrap", "--tpm", swtpm.spec(), "--released", released.toString(), "--out",
                secret.toString());
        Processes.run(Tools.require("cryptsetup", "cryptsetup-bin"), "open", "--test-passphrase", "--key-file",
                secret.toString(), shielded.toString()).requireSuccess();
        // each entry names the key used and the evidence judged: the attestation CA signed the health
        // certificate for that evidence, the guardian's encryption key re-wrapped the volume key for
        // the certificate presented, the host's TPM binding key unwrapped it
        JsonNode releaseEntry = guardianStepsNameTheirKeys(home)[1];
        assertThat(releaseEntry.get("evidence").asText()).isEqualTo(fingerprint(health));
        String volume = releaseEntry.get("object").asText().replaceFirst(" to node1$", "");
        JsonNode unwrapEntry = lastEntry(home, "key.unwrap");
        assertThat(unwrapEntry.get("object").asText()).isEqualTo(volume);
        // the binding key the health certificate certifies (SHA-256 of its SubjectPublicKeyInfo)
        assertThat(unwrapEntry.get("actorKey").asText()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(org.gfctl.core.keys.Certificates.load(health)
                        .getPublicKey().getEncoded())));
        // a refused unwrap (a released key protector that is not one) is recorded against the same volume
        Path foreign = dir.resolve("foreign.kp");
        Files.copy(shielded.resolveSibling(shielded.getFileName() + ".kp"), foreign);
        assertThat(store.run("--home", home, "key", "unwrap", "--tpm", swtpm.spec(), "--released", foreign.toString(),
                "--out", dir.resolve("foreign.secret").toString()).exitCode()).isNotZero();
        // --object finds every entry about the volume, those that add where it went ("UUID to node1") too
        GfctlRunner.Result about = store.run("--home", home, "-o", "json", "audit", "log", "--object", volume);
        assertThat(about.out()).contains("\"action\":\"shield-vm\"").contains("\"action\":\"key.release\"")
                .contains("\"object\":\"" + volume + " to node1\"").contains("\"action\":\"key.unwrap\"");
        JsonNode refusedUnwrap = lastEntry(home, "key.unwrap");
        assertThat(refusedUnwrap.get("object").asText()).isEqualTo(volume);
        assertThat(refusedUnwrap.get("result").asText()).isNotEqualTo("success");
        assertThat(dir.resolve("foreign.secret")).doesNotExist();

        // A release policy that allows only another group refuses this host (exit 6), and says so in the store.
        Path policy = dir.resolve("silver-only.yaml");
        Files.writeString(policy, String.join("\n", "apiVersion: gfctl.io/v1", "kind: ReleasePolicy", "metadata:",
                "  name: silver-only", "spec:", "  rules:", "    - name: silver", "      hostGroups: [silver]",
                "      volumes:", "        names: ['*']", ""));
        run(0, "--home", home, "policy", "validate", "--apply", policy.toString());
        Path shielded2 = dir.resolve("vm2.luks");
        run(0, "--home", home, "shield-vm", "--in", image.toString(), "--out", shielded2.toString(), "--owner",
                owner.toString(), "--password-file", pw.toString(), "--release-policy", "silver-only");
        GfctlRunner.Result refused = store.run("--home", home, "key", "release", "--in", shielded2.toString(),
                "--health", health.toString(), "--out", dir.resolve("r2.kp").toString());
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(6);
        assertThat(refused.err()).contains("silver-only").contains("gold");
        assertThat(dir.resolve("r2.kp")).doesNotExist();
        try (Fabric fabric = Fabric.open(FabricHome.at(Path.of(home)), null,
                StoreCredentials.fromEnvironment(store.environment()))) {
            assertThat(fabric.store().keyReleases().list()).anySatisfy(d -> {
                assertThat(d.hostName()).isEqualTo("node1");
                assertThat(d.result()).isEqualTo("refused");
                assertThat(d.reason()).contains("silver-only");
            }).anySatisfy(d -> assertThat(d.result()).isEqualTo("released"));
        }

        // The host's measured state changes: attestation fails, its certificate is revoked, the release it holds is dead.
        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            Pcrs.extend(tpm, 7, new byte[32]);
        }
        assertThat(store.run("--home", home, "attest", "--tpm", swtpm.spec(), "--host", "node1").exitCode()).isEqualTo(3);
        GfctlRunner.Result again = store.run("--home", home, "key", "release", "--in", shielded.toString(), "--health",
                health.toString(), "--out", dir.resolve("r3.kp").toString());
        assertThat(again.exitCode()).isEqualTo(6);
        assertThat(again.err()).contains("revoked");
        GfctlRunner.Result stale = store.run("--home", home, "unshield", "--in", shielded.toString(), "--out",
                dir.resolve("vm.stale").toString(), "--tpm", swtpm.spec(), "--released", released.toString());
        assertThat(stale.exitCode()).as(stale.err()).isEqualTo(6);
        assertThat(stale.err()).contains("PCRs changed");
        assertThat(dir.resolve("vm.stale")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestStore.Engine.class)
    void fabricAdminWithImageStoreAndAnUnenrolledTpm_cannotObtainTheSecret(TestStore.Engine engine, Swtpm swtpm,
            PostgresServer pg) throws Exception {
        Shielded f = shieldInNewFabric(engine, pg, null, 2 * DiskImages.EXTENT, DiskImages.Layout.RANDOM, 22);
        String home = f.home();
        Path pw = f.pw();
        Path owner = f.owner();
        Path image = f.image();
        Path shielded = f.shielded();
        Path certs = Files.createDirectories(dir.resolve("certs"));
        run(0, "--home", home, "fabric", "export-certs", "--out", certs.toString());

        // The admin's TPM is not enrolled (its vendor CA is not even trusted): no attestation, no certificate.
        assertThat(store.run("--home", home, "attest", "--tpm", swtpm.spec(), "--host", "rogue").exitCode()).isEqualTo(3);
        assertThat(store.run("--home", home, "host", "enroll", "--tpm", swtpm.spec(), "--name", "rogue").exitCode())
                .isEqualTo(3);
        // A self-made "health certificate" (the guardian's own public cert) is refused.
        GfctlRunner.Result forged = store.run("--home", home, "key", "release", "--in", shielded.toString(), "--health",
                certs.resolve("guardian.crt").toString(), "--out", dir.resolve("r.kp").toString());
        assertThat(forged.exitCode()).isEqualTo(6);
        // Without the owner key, the key protector does not open for anyone else's key.
        Path strangerPw = dir.resolve("spw");
        Files.writeString(strangerPw, "stranger\n");
        Path stranger = dir.resolve("stranger.p12");
        run(0, "owner", "init", "--out", stranger.toString(), "--password-file", strangerPw.toString());
        GfctlRunner.Result noKey = store.run("--home", home, "unshield", "--in", shielded.toString(), "--out",
                dir.resolve("x.raw").toString(), "--owner-key", stranger.toString(), "--password-file", strangerPw.toString());
        assertThat(noKey.exitCode()).isEqualTo(6);
        // The owner, with no fabric at all, can always unshield.
        GfctlRunner.Result ownerOnly = store.run("--home", dir.resolve("no-fabric").toString(), "unshield", "--in",
                shielded.toString(), "--out", dir.resolve("o.raw").toString(), "--owner-key", owner.toString(),
                "--password-file", pw.toString());
        assertThat(ownerOnly.exitCode()).as(ownerOnly.err()).isZero();
        assertThat(sha256(dir.resolve("o.raw"))).isEqualTo(sha256(image));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestStore.Engine.class)
    void oneStepUnshield_onTheGuardianMachine_attestsReleasesAndUnwraps_refusedOnceTheStateChanges(
            TestStore.Engine engine, Swtpm swtpm, PostgresServer pg) throws Exception {
        Shielded f = shieldInNewFabric(engine, pg, swtpm, 3 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 23);
        String home = f.home();
        Path image = f.image();
        Path shielded = f.shielded();
        run(0, "--home", home, "host", "enroll", "--tpm", swtpm.spec(), "--name", "node1", "--baseline");

        Path out = dir.resolve("vm.out");
        GfctlRunner.Result one = store.run("--home", home, "-o", "json", "unshield", "--in", shielded.toString(), "--out",
                out.toString(), "--tpm", swtpm.spec(), "--host", "node1");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).containsPattern("\"releasedTo\" ?: ?\"node1 \\(attestation ");
        assertThat(sha256(out)).isEqualTo(sha256(image));
        try (Fabric fabric = Fabric.open(FabricHome.at(Path.of(home)), null,
                StoreCredentials.fromEnvironment(store.environment()))) {
            assertThat(fabric.store().attestations().forHost("node1")).hasSize(1);
            assertThat(fabric.store().keyReleases().list()).singleElement()
                    .satisfies(d -> assertThat(d.result()).isEqualTo("released"));
        }
        assertThat(store.run("--home", home, "audit", "verify").exitCode()).isZero();
        // the guardian's steps are recorded as their own commands would be, before the unshield
        String uuid = new ObjectMapper().readTree(one.out()).get("volumeUuid").asText();
        List<String> log = auditLog(home);
        int attested = log.indexOf("guardian attest node1 success");
        assertThat(attested).as(String.join("\n", log)).isNotNegative();
        assertThat(log.get(attested + 1)).isEqualTo("guardian key.release " + uuid + " to node1 success");
        assertThat(log.get(attested + 2)).startsWith("host unshield " + uuid + " released to node1 (attestation ")
                .endsWith(" success");
        // the steps carry what their own commands record: the evidence digest and the guardian key used
        JsonNode attestStep = guardianStepsNameTheirKeys(home)[0];

        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            Pcrs.extend(tpm, 7, new byte[32]);
        }
        GfctlRunner.Result refused = store.run("--home", home, "unshield", "--in", shielded.toString(), "--out",
                dir.resolve("vm.refused").toString(), "--tpm", swtpm.spec(), "--host", "node1");
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(3);
        assertThat(refused.err()).contains("PCR 7");
        assertThat(dir.resolve("vm.refused")).doesNotExist();
        log = auditLog(home);
        assertThat(log.subList(log.size() - 2, log.size())).satisfiesExactly(
                a -> assertThat(a).isEqualTo("guardian attest node1 denied"),
                u -> assertThat(u).startsWith("host unshield ").endsWith(" denied"));
        // a failed attestation still records the evidence it judged, and no key: none signed anything
        JsonNode deniedStep = lastEntry(home, "attest");
        assertThat(deniedStep.get("evidence").asText()).matches("[0-9a-f]{64}")
                .isNotEqualTo(attestStep.get("evidence").asText());
        assertThat(deniedStep.get("actorKey").isNull()).isTrue();
    }

    /**
     * The newest {@code attest} and {@code key.release} entries, after checking that each records
     * the digest of what it judged and the guardian key that acted: the attestation CA, which signed
     * the health certificate, and the encryption key, which re-wrapped the volume key.
     */
    private JsonNode[] guardianStepsNameTheirKeys(String home) throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        run(0, "--home", home, "fabric", "export-certs", "--out", certs.toString());
        JsonNode attest = lastEntry(home, "attest");
        assertThat(attest.get("evidence").asText()).matches("[0-9a-f]{64}");
        assertThat(attest.get("actorKey").asText()).isEqualTo(fingerprint(certs.resolve("attestation-ca.crt")));
        JsonNode release = lastEntry(home, "key.release");
        assertThat(release.get("evidence").asText()).matches("[0-9a-f]{64}");
        assertThat(release.get("actorKey").asText()).isEqualTo(fingerprint(certs.resolve("guardian.crt")));
        return new JsonNode[] {attest, release};
    }

    /** The newest audit entry with {@code action}, as `audit log -o json` prints it. */
    private JsonNode lastEntry(String home, String action) throws Exception {
        GfctlRunner.Result r = store.run("--home", home, "-o", "json", "audit", "log", "--action", action);
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).as("entries with action " + action).isNotEmpty();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    private static String fingerprint(Path certificate) throws Exception {
        return org.gfctl.core.keys.Certificates.fingerprint(org.gfctl.core.keys.Certificates.load(certificate));
    }

    /** "role action object result" of every audit entry, oldest first. */
    private List<String> auditLog(String home) throws Exception {
        GfctlRunner.Result r = store.run("--home", home, "-o", "json", "audit", "log");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> entries = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            JsonNode n = new ObjectMapper().readTree(line);
            entries.add(n.get("role").asText() + " " + n.get("action").asText() + " " + n.get("object").asText() + " "
                    + n.get("result").asText());
        }
        return entries;
    }

    /** A fabric home, an owner key and an image shielded into that fabric. */
    private record Shielded(String home, Path pw, Path owner, Path image, Path shielded) {}

    /**
     * Creates the store ({@code engine}), a fabric in {@code dir/home} that trusts {@code swtpm}'s
     * vendor CA (none when null), an owner key and an image of {@code size} bytes shielded for it.
     */
    private Shielded shieldInNewFabric(TestStore.Engine engine, PostgresServer pg, Swtpm swtpm, long size,
            DiskImages.Layout layout, long seed) throws Exception {
        store = TestStore.create(engine, pg, dir);
        String home = dir.resolve("home").toString();
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "owner password\n");
        assertThat(store.init(home).exitCode()).isZero();
        if (swtpm != null) {
            run(0, "--home", home, "fabric", "trust-tpm-ca", swtpm.caRootPem().toString());
            run(0, "--home", home, "fabric", "trust-tpm-ca", swtpm.caIntermediatePem().toString());
        }
        Path owner = dir.resolve("owner.p12");
        run(0, "owner", "init", "--out", owner.toString(), "--password-file", pw.toString());
        Path image = DiskImages.generate(dir.resolve("vm.raw"), size, layout, seed);
        Path shielded = dir.resolve("vm.luks");
        run(0, "--home", home, "shield-vm", "--in", image.toString(), "--out", shielded.toString(), "--owner",
                owner.toString(), "--password-file", pw.toString());
        return new Shielded(home, pw, owner, image, shielded);
    }

    private void run(int expected, String... args) {
        GfctlRunner.Result r = store.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err() + r.out()).isEqualTo(expected);
    }

    private static String sha256(Path p) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
