package org.gfctl.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.gfctl.testing.Golden;
import org.gfctl.testing.OscalSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reports on {@link SmallFabric}: golden text per framework, golden JSON/HTML/OSCAL, and OSCAL schema validity. */
class ComplianceReportGoldenTest {
    @TempDir
    static Path dir;
    static FabricFacts facts;

    @BeforeAll
    static void fabric() throws SQLException {
        facts = SmallFabric.create(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iso27001-2013", "iso27001-2022", "pci-dss-3.1", "pci-dss-4.0", "nist-800-53-r4", "nist-800-53-r5",
        "fedramp-moderate", "all"})
    void textReport_perFramework_matchesGoldenFile(String framework) {
        Golden.assertMatches("compliance/" + framework + ".txt", new TextReport().render(report(framework)));
    }

    /** Every framework in the machine formats too (pci-dss-4.0 has its own test with HTML and OSCAL). */
    @ParameterizedTest
    @ValueSource(strings = {"iso27001-2013", "iso27001-2022", "pci-dss-3.1", "nist-800-53-r4", "nist-800-53-r5",
        "fedramp-moderate", "all"})
    void jsonAndOscalReports_perFramework_matchGoldenFiles(String framework) {
        ComplianceReport r = report(framework);
        Golden.assertMatches("compliance/" + framework + ".json", new JsonReport().render(r));
        Golden.assertMatches("compliance/" + framework + ".oscal.json", new OscalReport(Uuids.seeded(7)).render(r));
    }

    /** The report with the audit log's verdict, as the command builds it, intact and not. */
    @Test
    void auditLogEvidence_intactOrNot_isWordedFromTheVerifier() {
        AuditEvidence intact = () -> java.util.Optional.of(new AuditEvidence.Summary(true, 1204, 1204,
                java.time.Instant.parse("2026-11-27T11:58:00Z"), "ab".repeat(32), "1204 entries, 1204 signed checkpoints,"
                        + " all verified"));
        AuditEvidence broken = () -> java.util.Optional.of(new AuditEvidence.Summary(false, 1204, 1204,
                java.time.Instant.parse("2026-11-27T11:58:00Z"), "ab".repeat(32), "entry 5 modified: its bytes no longer"
                        + " hash to its stored leaf hash"));
        Golden.assertMatches("compliance/nist-800-53-r5-audit-intact.txt",
                new TextReport().render(SmallFabric.builder(intact).build("nist-800-53-r5", facts)));
        Golden.assertMatches("compliance/nist-800-53-r5-audit-broken.txt",
                new TextReport().render(SmallFabric.builder(broken).build("nist-800-53-r5", facts)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iso27001-2013", "iso27001-2022", "pci-dss-3.1", "pci-dss-4.0", "nist-800-53-r4", "nist-800-53-r5",
        "fedramp-moderate", "all"})
    void oscalReport_perFramework_validatesAgainstOfficialOscal113Schema(String framework) {
        String oscal = new OscalReport(Uuids.seeded(1)).render(report(framework));
        assertThat(OscalSchema.errors(oscal)).isEmpty();
        assertThat(oscal).contains("\"oscal-version\" : \"1.1.3\"");
    }

    @Test
    void schemaUsed_isTheOscal113AssessmentResultsSchema() throws IOException {
        assertThat(OscalSchema.id()).isEqualTo("http://csrc.nist.gov/ns/oscal/1.0/oscal-ar-1.1.3-schema.json");
    }

    @Test
    void brokenOscal_isRejectedBySchema_soValidationIsReal() {
        String oscal = new OscalReport(Uuids.seeded(1)).render(report("nist-800-53-r5"))
                .replace("\"state\" : \"not-satisfied\"", "\"state\" : \"failed\"");
        assertThat(OscalSchema.errors(oscal)).isNotEmpty();
        assertThat(OscalSchema.errors("{\"assessment-results\":{\"uuid\":\"not-a-uuid\"}}")).isNotEmpty();
    }

    @Test
    void pciDss40_inEveryFormat_matchesGoldenFiles() {
        ComplianceReport r = report("pci-dss-4.0");
        Golden.assertMatches("compliance/pci-dss-4.0.json", new JsonReport().render(r));
        Golden.assertMatches("compliance/pci-dss-4.0.html", new HtmlReport().render(r));
        Golden.assertMatches("compliance/pci-dss-4.0.oscal.json", new OscalReport(Uuids.seeded(7)).render(r));
    }

    @Test
    void findings_sayWhatWasMeasured_withNumbers() {
        String text = new TextReport().render(report("nist-800-53-r5"));
        assertThat(text).contains("host h7's health certificate expired 3 h ago",
                "1 of 2 inventoried volumes not verified in 30 d (vm-db, last 452 d ago)",
                "owner and guardian keys held by distinct principals",
                "1 of 2 key releases in the last 30 d refused",
                "1 failed attestation in the last 30 d",
                "audit log verified intact, 2 entries, last checkpoint at 2026-11-27T11:58:00Z",
                "1 of 2 volume keys past the 365 d cryptoperiod (vm-db by 87 d)");
    }

    @Test
    void pciDss40_reportsCarryThe3512Note_otherFrameworksDoNot() {
        assertThat(new TextReport().render(report("pci-dss-4.0"))).contains("NOTE      PCI DSS v4.0.1 requirement 3.5.1.2");
        assertThat(new TextReport().render(report("pci-dss-3.1"))).doesNotContain("3.5.1.2");
    }

    /** 3.5.1.2 is not satisfied by shielded disks alone, even where everything at rest is shielded and verified. */
    @Test
    void pci3512_isNotSatisfied_whereTheRestOfDataAtRestIs() throws Exception {
        FabricFacts verified = new FabricFacts(facts.fabricId(), facts.store(), facts.guardianFingerprint(),
                facts.guardian(), facts.volumes().stream().filter(v -> v.uuid().equals(SmallFabric.VM_WEB)).toList(),
                facts.hosts(), facts.attestations(), facts.certificates(), facts.releases(), facts.policies(),
                facts.guardianHistory(), facts.storeColumns());
        ComplianceReport r = SmallFabric.builder(SmallFabric.INTACT).build("pci-dss-4.0", verified);
        com.fasterxml.jackson.databind.JsonNode oscal = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(new OscalReport(Uuids.seeded(7)).render(r));
        java.util.Map<String, String> states = new java.util.HashMap<>();
        oscal.at("/assessment-results/results/0/findings").forEach(f -> states.put(f.at("/target/target-id").asText(),
                f.at("/target/status/state").asText()));
        assertThat(states).containsEntry("req-3.5.1", "satisfied").containsEntry("req-3.5.1.3", "satisfied")
                .containsEntry("req-3.5.1.2", "not-satisfied");
        assertThat(new TextReport().render(r)).contains("[not satisfied] a shielded VM disk is disk-level encryption")
                .contains("; controls this evidence cannot satisfy: 3.5.1.2\n");
    }

    /** A guardian key older than the cryptoperiod fails key management, even with every volume key in period. */
    @Test
    void aGuardianKeyPastItsCryptoperiod_failsKeyManagement() {
        FabricFacts old = new FabricFacts(facts.fabricId(), facts.store(), facts.guardianFingerprint(), facts.guardian(),
                facts.volumes().stream().filter(v -> v.uuid().equals(SmallFabric.VM_WEB)).toList(), facts.hosts(),
                facts.attestations(), facts.certificates(), facts.releases(), facts.policies(),
                facts.guardianHistory().subList(0, 1), facts.storeColumns()); // created 2025-06-01, never rotated
        ComplianceReport r = SmallFabric.builder(SmallFabric.INTACT).build("nist-800-53-r5", old);
        String text = new TextReport().render(r);
        assertThat(text).contains("[not satisfied]  Key management")
                .contains("guardian key in use since 2025-06-01T00:00:00Z (0 rotations recorded), past the 365 d"
                        + " cryptoperiod by 179 d")
                .contains("key in use since 2025-06-01T00:00:00Z, rotate by 2026-06-01T00:00:00Z (EXCEEDED)");
        FabricFacts fresh = new FabricFacts(old.fabricId(), old.store(), old.guardianFingerprint(), old.guardian(),
                old.volumes(), old.hosts(), old.attestations(), old.certificates(), old.releases(), old.policies(),
                facts.guardianHistory(), facts.storeColumns());
        assertThat(new TextReport().render(SmallFabric.builder(SmallFabric.INTACT).build("nist-800-53-r5",
                fresh))).contains("[satisfied]      Key management");
    }

    /**
     * The guardian key history is evidence only from a log that verified, and only under its signed
     * checkpoint: a tampered log could date a stale key as freshly rotated.
     */
    @Test
    void guardianKeyHistory_isEvidenceOnlyFromAVerifiedLog_underItsSignedCheckpoint() {
        AuditEvidence broken = () -> java.util.Optional.of(new AuditEvidence.Summary(false, 2, 2,
                SmallFabric.t("2026-11-27T11:58:00Z"), "ab".repeat(32), "entry 1 modified"));
        ComplianceReport tampered = SmallFabric.builder(broken).build("nist-800-53-r5", facts);
        assertThat(tampered.keys().guardianHistoryVerified()).isFalse();
        assertThat(tampered.keys().guardianInUseSince()).isNull();
        assertThat(new TextReport().render(tampered)).contains("[not satisfied]  Key management")
                .contains("the guardian key's age cannot be shown: its history comes from the audit log, which did not verify")
                .contains("NOT EVIDENCE: the audit log did not verify");
        assertThat(new TextReport().render(SmallFabric.builder(AuditEvidence.notAvailable()).build("nist-800-53-r5", facts)))
                .contains("[not satisfied]  Key management").contains("the guardian key's age cannot be shown");

        // the rotation (entry 1) is not yet under the signed checkpoint: the key dates from the fabric's creation
        AuditEvidence firstSigned = () -> java.util.Optional.of(new AuditEvidence.Summary(true, 2, 1,
                SmallFabric.t("2026-11-27T11:58:00Z"), "ab".repeat(32), "2 entries, 1 signed checkpoint"));
        ComplianceReport partly = SmallFabric.builder(firstSigned).build("nist-800-53-r5", facts);
        assertThat(partly.keys().guardianHistory()).extracting(GuardianKeyEvent::seq).containsExactly(0L);
        assertThat(partly.keys().guardianEventsUnsigned()).isEqualTo(1);
        assertThat(new TextReport().render(partly)).contains("[not satisfied]  Key management")
                .contains("guardian key in use since 2025-06-01T00:00:00Z (0 rotations recorded; 1 later event not yet under a"
                        + " signed checkpoint, left out), past the 365 d cryptoperiod")
                .contains("1 later event left out: no signed checkpoint covers them yet");
        assertThat(new JsonReport().render(partly)).contains("\"guardianHistoryVerified\" : true")
                .contains("\"guardianEventsUnsigned\" : 1");
    }

    /** The store's schema is examined, not asserted: a column made for a secret fails the capability. */
    @Test
    void aStoreColumnMadeForASecret_failsInformationInSharedResources() {
        String clean = new TextReport().render(report("nist-800-53-r5"));
        assertThat(clean).containsPattern("no column of the store's \\d+ tables \\(\\d+ columns\\) is made to hold a secret");
        java.util.List<String> columns = new java.util.ArrayList<>(facts.storeColumns());
        columns.add("volumes.unlock_secret text");
        FabricFacts leaky = new FabricFacts(facts.fabricId(), facts.store(), facts.guardianFingerprint(), facts.guardian(),
                facts.volumes(), facts.hosts(), facts.attestations(), facts.certificates(), facts.releases(),
                facts.policies(), facts.guardianHistory(), columns);
        String text = new TextReport().render(SmallFabric.builder(SmallFabric.INTACT).build("nist-800-53-r5",
                leaky));
        assertThat(text).contains("store columns named for secrets: volumes.unlock_secret text")
                .contains("[not satisfied]  Information in shared resources");
    }

    private static ComplianceReport report(String framework) {
        return SmallFabric.builder(SmallFabric.INTACT).build(framework, facts);
    }
}
