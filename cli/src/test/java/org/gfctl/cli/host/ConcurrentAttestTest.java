package org.gfctl.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gfctl.cli.Gfctl;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.cli.TestStore;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.FabricHome;
import org.gfctl.core.store.AttestationRecord;
import org.gfctl.core.store.HealthCertificates;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.testing.PostgresExtension;
import org.gfctl.testing.PostgresServer;
import org.gfctl.testing.Swtpm;
import org.gfctl.testing.TempDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two gfctl processes attesting two enrolled hosts (two swtpm instances) into one store at once,
 * on SQLite and on PostgreSQL: both attestations, both health certificates and both audit entries
 * are kept, and the audit log verifies.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentAttestTest {
    private static final List<Swtpm> TPMS = new ArrayList<>();
    private static Path tpmDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void startTpms() throws Exception {
        tpmDir = Files.createTempDirectory("gfctl-swtpm-pair-");
        for (int i = 0; i < 2; i++) {
            TPMS.add(Swtpm.start(Files.createDirectories(tpmDir.resolve("tpm" + i))));
        }
    }

    @AfterAll
    static void stopTpms() throws Exception {
        TPMS.forEach(Swtpm::close);
        TPMS.clear();
        TempDirs.delete(tpmDir);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestStore.Engine.class)
    void twoProcessesAttestingAtOnce_loseNothing(TestStore.Engine engine, PostgresServer pg) throws Exception {
        TestStore store = TestStore.create(engine, pg, dir);
        String home = dir.resolve("home").toString();
        assertThat(store.init(home).exitCode()).isZero();
        // Each host keeps its TPM state (AK, binding key) under its own home, which names the same store.
        List<String> homes = List.of(hostHome(home, "home0"), hostHome(home, "home1"));
        for (int i = 0; i < 2; i++) {
            Swtpm tpm = TPMS.get(i);
            run(store, "--home", home, "fabric", "trust-tpm-ca", tpm.caRootPem().toString());
            run(store, "--home", home, "fabric", "trust-tpm-ca", tpm.caIntermediatePem().toString());
            run(store, "--home", homes.get(i), "host", "enroll", "--tpm", tpm.spec(), "--name", "node" + i, "--baseline");
        }

        List<Process> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), Gfctl.class.getName(), "--home", homes.get(i), "attest", "--tpm",
                    TPMS.get(i).spec(), "--host", "node" + i, "--out", dir.resolve("health" + i + ".pem").toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("p" + i + ".log").toFile());
            pb.environment().putAll(store.environment());
            running.add(pb.start());
        }
        for (int i = 0; i < running.size(); i++) {
            assertThat(running.get(i).waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(running.get(i).exitValue()).as(Files.readString(dir.resolve("p" + i + ".log"))).isZero();
            assertThat(dir.resolve("health" + i + ".pem")).isNotEmptyFile();
        }

        try (Fabric fabric = Fabric.open(FabricHome.at(Path.of(home)), null,
                StoreCredentials.fromEnvironment(store.environment()))) {
            assertThat(fabric.store().attestations().list()).extracting(AttestationRecord::hostName)
                    .containsExactlyInAnyOrder("node0", "node1");
            assertThat(fabric.store().healthCertificates().list()).extracting(HealthCertificates.Issued::hostName)
                    .containsExactlyInAnyOrder("node0", "node1");
        }
        GfctlRunner.Result log = store.run("--home", home, "-o", "json", "audit", "log", "--action", "attest");
        assertThat(log.out().strip().split("\n")).as(log.out()).hasSize(2);
        GfctlRunner.Result verify = store.run("--home", home, "audit", "verify");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    }

    /** A second home for a host on this fabric: its configuration and guardian keys, not its store file or host state. */
    private String hostHome(String home, String name) throws java.io.IOException {
        Path to = Files.createDirectories(dir.resolve(name));
        try (var files = Files.list(Path.of(home))) {
            for (Path p : files.toList()) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith("fabric.db")) {
                    Files.copy(p, to.resolve(p.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to.toString();
    }

    private static void run(TestStore store, String... args) {
        GfctlRunner.Result r = store.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err() + r.out()).isZero();
    }
}
