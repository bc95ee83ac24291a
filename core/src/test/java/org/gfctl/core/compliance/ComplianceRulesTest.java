package org.gfctl.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.gfctl.core.store.VolumeRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Individual rules: each violation is caught and explained; audit evidence plugs in; HTML escapes. */
class ComplianceRulesTest {
    @TempDir
    Path dir;

    @Test
    void volumeWrappedOnlyToGuardian_breaksSeparationOfDuties() throws SQLException {
        FabricFacts f = SmallFabric.create(dir);
        VolumeRecord v = f.volumes().get(0);
        VolumeRecord guardianOnly = new VolumeRecord(v.uuid(), "vm-evil", null, v.cipher(), v.keyBits(), 0, v.merkleRoot(),
                "CN=gfctl guardian " + SmallFabric.GUARDIAN, List.of("CN=gfctl guardian " + SmallFabric.GUARDIAN),
                "default", v.createdAt(), null, null);
        Assessment a = assess(withVolumes(f, List.of(guardianOnly))).get(0);
        assertThat(a.finding()).isEqualTo(Finding.NOT_SATISFIED);
        assertThat(a.reason()).startsWith("1 of 1 inventoried volume wrapped only to the guardian's key (vm-evil)");
    }

    @Test
    void intactAuditLog_isEvidence_brokenAuditLog_failsIntegrityMonitoring() throws SQLException {
        FabricFacts f = SmallFabric.create(dir);
        AuditEvidence intact = () -> Optional.of(new AuditEvidence.Summary(true, 42, 42, SmallFabric.t("2026-11-27T11:00:00Z"),
                "5d".repeat(32), "ok"));
        ComplianceReport r = SmallFabric.builder(intact).build("nist-800-53-r5", f);
        Assessment im = r.frameworks().get(0).capabilities().get(4).assessment();
        assertThat(im.reason()).contains("audit log verified intact, 42 entries, last checkpoint at 2026-11-27T11:00:00Z");
        assertThat(im.observations().get(1).digest()).isEqualTo("5d".repeat(32));
        AuditEvidence broken = () -> Optional.of(new AuditEvidence.Summary(false, 42, 0, null, null, "entry 17 modified"));
        Assessment bad = SmallFabric.builder(broken).build("nist-800-53-r5", f).frameworks().get(0).capabilities().get(4)
                .assessment();
        assertThat(bad.finding()).isEqualTo(Finding.NOT_SATISFIED);
        assertThat(bad.reason()).contains("audit log NOT intact: entry 17 modified");
    }

    @Test
    void emptyFabric_isNotApplicable_whereNothingCanBeMeasured() throws SQLException {
        FabricFacts f = withVolumes(SmallFabric.create(dir), List.of());
        FabricFacts empty = new FabricFacts(f.fabricId(), f.store(), f.guardianFingerprint(), f.guardian(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of());
        List<Assessment> as = assess(empty);
        assertThat(as).extracting(Assessment::finding).containsExactly(Finding.SATISFIED, Finding.NOT_APPLICABLE,
                Finding.NOT_APPLICABLE, Finding.NOT_APPLICABLE, Finding.NOT_APPLICABLE, Finding.SATISFIED);
        assertThat(as.get(3).reason()).isEqualTo("no volume inventoried");
    }

    @Test
    void html_escapesNamesFromTheStore() throws SQLException {
        FabricFacts f = SmallFabric.create(dir);
        VolumeRecord v = f.volumes().get(0);
        VolumeRecord hostile = new VolumeRecord(v.uuid(), "<script>alert('x')</script>", null, v.cipher(), v.keyBits(), 0,
                v.merkleRoot(), v.signer(), v.recipients(), "default", v.createdAt(), null, null);
        String html = new HtmlReport().render(SmallFabric.builder(AuditEvidence.notAvailable()).build("all",
                withVolumes(f, List.of(hostile))));
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    }

    private static List<Assessment> assess(FabricFacts f) {
        return SmallFabric.builder(SmallFabric.INTACT).build("nist-800-53-r5", f).frameworks().get(0).capabilities()
                .stream().map(CapabilityResult::assessment).toList();
    }

    private static FabricFacts withVolumes(FabricFacts f, List<VolumeRecord> volumes) {
        return new FabricFacts(f.fabricId(), f.store(), f.guardianFingerprint(), f.guardian(), volumes, f.hosts(),
                f.attestations(), f.certificates(), f.releases(), f.policies());
    }
}
