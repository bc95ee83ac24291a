package org.gfctl.policy.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in compliance catalogue: complete, faithful to DESIGN.md "Compliance", and read strictly. */
class CatalogueLoaderTest {
    static final Catalogue CATALOGUE = CatalogueLoader.builtIn();

    @Test
    void builtIn_hasTheFiveWhitePaperCapabilitiesAndKeyManagement() {
        assertThat(CATALOGUE.capabilities()).extracting(Capability::title).containsExactly("Separation of duties",
                "Least privilege and tenant partitioning", "Information in shared resources", "Protection of data at rest",
                "Security-function verification and integrity monitoring", "Key management");
        assertThat(CATALOGUE.capabilities()).filteredOn(Capability::supplementary).extracting(Capability::id)
                .containsExactly("key-management");
    }

    @Test
    void everyFramework_mapsEveryCapability_withControlsOrAReason() {
        assertThat(CATALOGUE.frameworks()).extracting(Framework::id).containsExactly("iso27001-2013", "iso27001-2022",
                "pci-dss-3.1", "pci-dss-4.0", "nist-800-53-r4", "nist-800-53-r5", "fedramp-moderate");
        for (Framework f : CATALOGUE.frameworks()) {
            for (Capability c : CATALOGUE.capabilities()) {
                Mapping m = f.mapping(c.id()).orElseThrow(() -> new AssertionError(f.id() + " misses " + c.id()));
                assertThat(m.controls().isEmpty()).as(f.id() + "/" + c.id()).isEqualTo(m.notApplicableReason().isPresent());
                m.controls().forEach(x -> assertThat(x.title()).as(x.id()).isNotBlank());
            }
        }
    }

    @Test
    void whitePaperMapping_matchesDesignInCapabilityOrder() {
        assertThat(ids("iso27001-2013")).containsExactly(List.of("A.6.1.2"), List.of("A.9.2.3", "A.12.1.4"), List.of(),
                List.of("A.8.2.3"), List.of(), List.of("A.10.1.2"));
        assertThat(ids("pci-dss-3.1")).containsExactly(List.of("6.4.2"), List.of("6.4.1", "7.2", "7.2.3"), List.of("8.7"),
                List.of("3.4", "3.4.1", "6.5.3"), List.of("11.5"), List.of("3.5", "3.6", "3.6.4"));
        List<List<String>> nist = List.of(List.of("AC-5"), List.of("AC-6", "AC-6(10)", "SC-2"), List.of("SC-4"),
                List.of("SC-28", "SC-28(1)"), List.of("SI-6", "SI-7"), List.of("SC-12"));
        assertThat(ids("nist-800-53-r4")).isEqualTo(nist);
        assertThat(ids("nist-800-53-r5")).isEqualTo(nist);
        assertThat(ids("fedramp-moderate")).isEqualTo(nist);
        assertThat(ids("iso27001-2022")).containsExactly(List.of("5.3"), List.of("8.2", "8.31"), List.of(),
                List.of("5.10", "8.24"), List.of("8.16"), List.of("8.24"));
        assertThat(ids("pci-dss-4.0")).containsExactly(List.of("6.5.4"), List.of("6.5.3", "7.3.1", "7.3.2", "7.3.3"),
                List.of("7.2.6"), List.of("3.5.1", "3.5.1.2", "3.5.1.3"), List.of("11.5.2"), List.of("3.6", "3.7", "3.7.4"));
    }

    @Test
    void pciDss40_dataAtRest_carriesThe3512DiskEncryptionNote() {
        Mapping m = CATALOGUE.framework("pci-dss-4.0").orElseThrow().mapping("data-at-rest").orElseThrow();
        assertThat(m.notes()).singleElement().asString().contains("3.5.1.2", "disk-level", "removable");
    }

    @Test
    void oscalIds_areTokens() {
        Framework nist = CATALOGUE.framework("nist-800-53-r5").orElseThrow();
        assertThat(nist.oscalId(new Control("AC-6(10)", "x"))).isEqualTo("ac-6.10");
        Framework pci = CATALOGUE.framework("pci-dss-4.0").orElseThrow();
        assertThat(pci.oscalId(new Control("3.5.1.2", "x"))).isEqualTo("req-3.5.1.2");
    }

    @Test
    void unknownField_isAnError_withItsLine() {
        String yaml = """
                apiVersion: gfctl.io/v1
                kind: ComplianceCatalogue
                capabilities:
                  - {id: a, title: A, evidence: e, evidense: typo}
                frameworks: []
                """;
        assertThatThrownBy(() -> CatalogueLoader.parse("t.yaml", yaml)).isInstanceOf(CatalogueException.class)
                .hasMessageContaining("t.yaml").hasMessageContaining("evidense").hasMessageContaining("line 4");
    }

    @Test
    void unmappedCapability_andMappingWithoutControlsOrReason_areErrors() {
        String yaml = """
                apiVersion: gfctl.io/v1
                kind: ComplianceCatalogue
                capabilities:
                  - {id: a, title: A, evidence: e}
                  - {id: b, title: B, evidence: e}
                frameworks:
                  - id: f
                    title: F
                    mappings:
                      - {capability: a}
                """;
        assertThatThrownBy(() -> CatalogueLoader.parse("t.yaml", yaml)).hasMessageContaining(
                "framework f, capability a: needs either controls or a notApplicable reason, not neither")
                .hasMessageContaining("framework f does not map capability b");
    }

    @Test
    void thresholds_comeFromTheCatalogue_andMustBePositive() {
        assertThat(CATALOGUE.thresholds()).isEqualTo(new Thresholds(365, 30, 30));
        String yaml = """
                apiVersion: gfctl.io/v1
                kind: ComplianceCatalogue
                thresholds: {cryptoperiodDays: 90, verificationWindowDays: 7, periodDays: 14}
                capabilities:
                  - {id: a, title: A, evidence: e}
                frameworks:
                  - id: f
                    title: F
                    mappings:
                      - {capability: a, controls: [{id: X-1, title: x, notMetBy: only half of it}]}
                """;
        Catalogue c = CatalogueLoader.parse("t.yaml", yaml);
        assertThat(c.thresholds()).isEqualTo(new Thresholds(90, 7, 14));
        assertThat(c.framework("f").orElseThrow().mapping("a").orElseThrow().controls().get(0).notMetBy())
                .isEqualTo("only half of it");
        assertThatThrownBy(() -> CatalogueLoader.parse("t.yaml", yaml.replace("cryptoperiodDays: 90", "cryptoperiodDays: 0")))
                .hasMessageContaining("thresholds: cryptoperiodDays, verificationWindowDays and periodDays must be positive");
    }

    @Test
    void select_all_givesEveryFramework_unknownNamesTheKnownOnes() {
        assertThat(CATALOGUE.select("all")).hasSize(7);
        assertThatThrownBy(() -> CATALOGUE.select("sox")).hasMessageContaining("pci-dss-4.0");
    }

    private static List<List<String>> ids(String framework) {
        Framework f = CATALOGUE.framework(framework).orElseThrow();
        return CATALOGUE.capabilities().stream().map(c -> f.mapping(c.id()).orElseThrow().controls().stream()
                .map(Control::id).toList()).toList();
    }
}
