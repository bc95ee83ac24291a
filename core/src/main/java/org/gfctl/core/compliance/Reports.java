package org.gfctl.core.compliance;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.gfctl.core.GfctlException;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.GuardianKeys;
import org.gfctl.policy.compliance.CatalogueLoader;

/** Builds and renders a compliance report on a fabric: the one entry the CLI and quickstart use. */
public final class Reports {

    /** Output formats. */
    public enum Format { TEXT, JSON, HTML, OSCAL }

    private Reports() {}

    /** The report on {@code fabric} for {@code framework} (or "all") in {@code format}. */
    public static String render(Fabric fabric, String framework, Format format, AuditEvidence audit) {
        FabricFacts facts = FabricFacts.read(fabric.store(), guardianCertificates(fabric));
        org.gfctl.policy.compliance.Catalogue catalogue = CatalogueLoader.builtIn();
        ComplianceReport report = new ComplianceReportBuilder(catalogue, ComplianceSettings.of(catalogue.thresholds()), audit,
                Clock.systemUTC()).build(framework, facts);
        ReportFormat renderer = switch (format) {
            case TEXT -> new TextReport();
            case JSON -> new JsonReport();
            case HTML -> new HtmlReport();
            case OSCAL -> new OscalReport(Uuids.random());
        };
        return renderer.render(report);
    }

    /**
     * The guardian's public certificates; none if its key store cannot be opened (an auditor
     * without the guardian's password), in which case the fingerprint comes from the store.
     */
    private static List<GuardianCertificate> guardianCertificates(Fabric fabric) {
        try {
            GuardianKeys k = fabric.keys();
            List<GuardianCertificate> out = new ArrayList<>();
            out.add(GuardianCertificate.of(GuardianKeys.ENCRYPTION, k.encryption().certificate()));
            out.add(GuardianCertificate.of(GuardianKeys.ATTESTATION_CA, k.attestationCa().certificate()));
            out.add(GuardianCertificate.of(GuardianKeys.AUDIT, k.audit().certificate()));
            return out;
        } catch (GfctlException e) {
            return List.of();
        }
    }
}
