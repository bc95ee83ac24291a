package org.gfctl.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.core.guardian.FabricHome;
import org.gfctl.core.store.AttestationRecord;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.HealthCertificates;
import org.gfctl.core.store.HostRecord;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.testing.OscalSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gfctl audit report} on a fabric made with {@code fabric init} and two {@code shield-vm}
 * runs, plus a healthy host inserted in the store: every format, {@code --out}, exit codes.
 */
class AuditReportCommandTest {
    @TempDir
    static Path dir;
    static String home;

    @BeforeAll
    static void fabric() throws Exception {
        home = dir.resolve("home").toString();
        run(0, "--home", home, "fabric", "init");
        Path pw = dir.resolve("owner.pw");
        Files.writeString(pw, "owner password\n");
        Path owner = dir.resolve("owner.p12");
        run(0, "owner", "init", "--out", owner.toString(), "--key", "ecp384", "--subject", "CN=tenant a&b",
                "--password-file", pw.toString());
        for (String vm : new String[] {"vm-web", "vm-db"}) {
            byte[] image = new byte[1 << 20];
            new Random(vm.hashCode()).nextBytes(image);
            Path raw = Files.write(dir.resolve(vm + ".raw"), image);
            run(0, "--home", home, "shield-vm", "--in", raw.toString(), "--out", dir.resolve(vm + ".luks").toString(),
                    "--owner", owner.toString(), "--name", vm, "--password-file", pw.toString());
        }
        Instant now = Instant.now();
        try (FabricStore s = FabricStore.open(FabricStore.defaultUrl(FabricHome.at(Path.of(home)).dir()), StoreCredentials.none())) {
            s.hosts().enroll(new HostRecord("h1", "web", "ab".repeat(32), null, new byte[] {1}, "000bh1", null, now, null));
            long id = s.attestations().add(new AttestationRecord(0, "h1", "n1", "pass", "baseline", "9".repeat(64), null, "ok", now));
            s.healthCertificates().add(new HealthCertificates.Issued("01", "h1", id, now, now.plusSeconds(8 * 3600),
                    new byte[] {0x30}, null));
        }
    }

    @Test
    void text_onStdout_allCapabilitiesSatisfied_onAHealthyFabric() {
        GfctlRunner.Result r = run(0, "--home", home, "audit", "report", "--framework", "nist-800-53-r5");
        assertThat(r.out()).contains("(nist-800-53-r5): 6 satisfied, 0 not satisfied, 0 not applicable",
                "owner and guardian keys held by distinct principals: all 2 inventoried volumes",
                "every enrolled host (1) attested within its certificate lifetime",
                "0 of 2 inventoried volumes not verified in 30 d", "audit log verified intact");
    }

    @Test
    void oscal_forEveryFramework_validatesAgainstOfficialSchema() throws Exception {
        GfctlRunner.Result r = run(0, "--home", home, "audit", "report", "--framework", "all", "--format", "oscal");
        assertThat(OscalSchema.errors(r.out())).isEmpty();
        JsonNode ar = new ObjectMapper().readTree(r.out()).get("assessment-results");
        assertThat(ar.at("/metadata/oscal-version").asText()).isEqualTo("1.1.3");
        assertThat(ar.get("results")).hasSize(7);
    }

    @Test
    void json_andHtml_toOutFile_areWrittenWhole() throws Exception {
        Path json = dir.resolve("report.json");
        run(0, "--home", home, "audit", "report", "--framework", "pci-dss-4.0", "--format", "json", "--out", json.toString());
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.at("/frameworks/0/capabilities/3/notes/0").asText()).contains("3.5.1.2");
        assertThat(doc.at("/keys/volumes")).hasSize(2);
        Path html = dir.resolve("report.html");
        GfctlRunner.Result r = run(0, "--home", home, "audit", "report", "--framework", "iso27001-2022", "--format", "html",
                "--out", html.toString());
        assertThat(r.out()).isEmpty();
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("CN=tenant a&amp;b").doesNotContain("a&b ");
    }

    @Test
    void unknownFramework_exits2_namingTheKnownOnes() {
        GfctlRunner.Result r = run(2, "--home", home, "audit", "report", "--framework", "sox");
        assertThat(r.err()).contains("unknown framework 'sox'", "pci-dss-4.0");
    }

    @Test
    void noFabric_exits5() {
        run(5, "--home", dir.resolve("nowhere").toString(), "audit", "report", "--framework", "all");
    }

    private static GfctlRunner.Result run(int expected, String... args) {
        GfctlRunner.Result r = GfctlRunner.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err() + r.out()).isEqualTo(expected);
        return r;
    }

    /** An auditor without the guardian's password reports from the exported public certificates. */
    @Test
    void anAuditorWithOnlyTheExportedCertificates_getsTheFullReport(@TempDir Path own) throws Exception {
        String auditHome = own.resolve("home").toString();
        run(0, "--home", auditHome, "fabric", "init");
        Path stale = Files.createDirectories(own.resolve("certs-before-rotation"));
        run(0, "--home", auditHome, "fabric", "export-certs", "--out", stale.toString());
        run(0, "--home", auditHome, "fabric", "rotate-guardian");
        Path certs = Files.createDirectories(own.resolve("certs"));
        run(0, "--home", auditHome, "fabric", "export-certs", "--out", certs.toString());
        Files.move(own.resolve("home").resolve("guardian.password"), own.resolve("kept-by-the-guardian"));
        GfctlRunner.Result old = GfctlRunner.run("--home", auditHome, "audit", "report", "--framework", "nist-800-53-r5",
                "--certs", stale.toString());
        assertThat(old.exitCode()).as(old.err()).isEqualTo(4);
        assertThat(old.err()).contains("is not this fabric's guardian certificate");
        GfctlRunner.Result refused = GfctlRunner.run("--home", auditHome, "audit", "report", "--framework", "nist-800-53-r5");
        assertThat(refused.exitCode()).as(refused.err()).isNotZero();
        GfctlRunner.Result r = run(0, "--home", auditHome, "audit", "report", "--framework", "nist-800-53-r5", "--certs",
                certs.toString());
        assertThat(r.out()).contains("audit log verified intact, 2 entries").contains("guardian keys distinct")
                .contains("(1 rotation recorded)");
    }
}
