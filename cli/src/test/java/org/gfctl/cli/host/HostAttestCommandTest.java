package org.gfctl.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Swtpm;
import org.gfctl.testing.SwtpmExtension;
import org.gfctl.testing.Tools;
import org.gfctl.tpm.device.TpmDevices;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.tpm.pcr.Pcrs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tss.Tpm;

/** fabric init → trust-tpm-ca → host enroll --baseline → attest → openssl verify, through the CLI. */
@ExtendWith(SwtpmExtension.class)
class HostAttestCommandTest {
    @TempDir
    Path dir;

    @Test
    void enrollAttestAndRefuse_throughTheCli(Swtpm swtpm) throws Exception {
        String home = dir.resolve("home").toString();
        assertThat(GfctlRunner.run("--home", home, "fabric", "init").exitCode()).isZero();
        assertThat(GfctlRunner.run("--home", home, "fabric", "trust-tpm-ca", swtpm.caRootPem().toString()).exitCode()).isZero();
        assertThat(GfctlRunner.run("--home", home, "fabric", "trust-tpm-ca", swtpm.caIntermediatePem().toString()).exitCode())
                .isZero();

        GfctlRunner.Result enroll = GfctlRunner.run("--home", home, "-o", "json", "host", "enroll", "--tpm", swtpm.spec(),
                "--name", "node1", "--group", "gold", "--baseline");
        assertThat(enroll.exitCode()).as(enroll.err() + enroll.out()).isZero();
        assertThat(enroll.out()).contains("\"policy\" : \"baseline-node1\"");

        Path health = dir.resolve("health.pem");
        GfctlRunner.Result attest = GfctlRunner.run("--home", home, "attest", "--tpm", swtpm.spec(), "--host", "node1",
                "--out", health.toString());
        assertThat(attest.exitCode()).as(attest.err()).isZero();
        assertThat(attest.out()).contains("PASS");
        Path certs = Files.createDirectories(dir.resolve("certs"));
        assertThat(GfctlRunner.run("--home", home, "fabric", "export-certs", "--out", certs.toString()).exitCode()).isZero();
        Processes.run(Tools.require("openssl", "openssl"), "verify", "-CAfile", certs.resolve("attestation-ca.crt").toString(),
                health.toString()).requireSuccess();

        GfctlRunner.Result list = GfctlRunner.run("--home", home, "host", "list");
        assertThat(list.out()).contains("node1").contains("gold").contains("baseline-node1");

        try (Tpm tpm = TpmDevices.open(TpmSpec.parse(swtpm.spec()))) {
            Pcrs.extend(tpm, 0, new byte[32]);
        }
        GfctlRunner.Result refused = GfctlRunner.run("--home", home, "attest", "--tpm", swtpm.spec(), "--host", "node1");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("PCR 0").contains("expected");

        GfctlRunner.Result reverify = GfctlRunner.run("--home", home, "attest", "--reverify", "1");
        assertThat(reverify.exitCode()).as(reverify.err()).isZero();

        GfctlRunner.Result removed = GfctlRunner.run("--home", home, "host", "remove", "node1");
        assertThat(removed.exitCode()).isZero();
        assertThat(GfctlRunner.run("--home", home, "attest", "--tpm", swtpm.spec(), "--host", "node1").exitCode()).isEqualTo(3);

        // a fresh attestation, passed or failed, is audited with the digest of the evidence presented
        String[] attests = GfctlRunner.run("--home", home, "-o", "json", "audit", "log", "--action", "attest").out()
                .strip().split("\n");
        assertThat(attests).hasSize(4);
        java.util.Set<String> digests = new java.util.HashSet<>();
        for (String fresh : new String[] {attests[0], attests[1]}) {
            assertThat(fresh).containsPattern("\"evidence\":\"[0-9a-f]{64}\"");
            digests.add(fresh.replaceAll(".*\"evidence\":\"([0-9a-f]{64})\".*", "$1"));
        }
        assertThat(digests).hasSize(2); // fresh nonces: never the same evidence twice
        assertThat(attests[1]).contains("\"result\":\"denied\"");
        assertThat(attests[3]).contains("\"evidence\":null"); // a removed host is refused before it sends any
        // the passing attestation names the key that signed its health certificate; the failed one none
        String ca = org.gfctl.core.keys.Certificates.fingerprint(org.gfctl.core.keys.Certificates.load(
                certs.resolve("attestation-ca.crt")));
        assertThat(attests[0]).contains("\"actorKey\":\"" + ca + "\"");
        assertThat(attests[1]).contains("\"actorKey\":null");
        // re-verifying attestation 1 records the digest of the stored evidence it judged again
        assertThat(attests[2]).contains("\"role\":\"auditor\"").contains("\"object\":\"attestation 1\"")
                .contains("\"evidence\":\"" + attests[0].replaceAll(".*\"evidence\":\"([0-9a-f]{64})\".*", "$1") + "\"");
        // adopting the baseline at enrollment is a policy change of its own, with the evidence it came from
        assertThat(GfctlRunner.run("--home", home, "-o", "json", "audit", "log", "--action", "policy.apply").out())
                .contains("\"object\":\"AttestationPolicy baseline-node1 (baseline of node1)\"")
                .containsPattern("\"evidence\":\"[0-9a-f]{64}\"");
    }
}
