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
        return render(fabric, framework, format, audit, guardianCertificates(fabric));
    }

    /**
     * The report with the guardian's public certificates given (an auditor's copy, from
     * {@code gfctl fabric export-certs}) instead of read from its key store.
     */
    public static String render(Fabric fabric, String framework, Format format, AuditEvidence audit,
            List<GuardianCertificate> guardian) {
        FabricFacts facts = FabricFacts.read(fabric.store(), guardian);
        org.gfctl.policy.compliance.Catalogue catalogue = CatalogueLoader.builtIn();
        // the fabric's own CompliancePolicy (policy validate --apply), else the catalogue's thresholds
        org.gfctl.policy.compliance.Thresholds thresholds = org.gfctl.core.guardian.PolicyStore.compliance(fabric.store())
                .map(org.gfctl.policy.compliance.CompliancePolicy::thresholds).orElse(catalogue.thresholds());
        ComplianceReport report = new ComplianceReportBuilder(catalogue, ComplianceSettings.of(thresholds), audit,
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
     * The guardian's public certificates as {@code fabric export-certs} wrote them into {@code dir}
     * (guardian.crt, attestation-ca.crt, audit.crt).
     */
    public static List<GuardianCertificate> exportedCertificates(java.nio.file.Path dir) {
        List<GuardianCertificate> out = new ArrayList<>();
        for (String role : GuardianKeys.ROLES) {
            out.add(GuardianCertificate.of(role, org.gfctl.core.keys.Certificates.load(dir.resolve(GuardianKeys.certificateFile(role)))));
        }
        return out;
    }

    /**
     * The guardian's public certificates; none if its key store cannot be opened (an auditor
     * without the guardian's password), in which case the fingerprint comes from the store.
     */
    private static List<GuardianCertificate> guardianCertificates(Fabric fabric) {
        try {
            GuardianKeys k = fabric.keys();
            List<GuardianCertificate> out = new ArrayList<>();
            for (String role : GuardianKeys.ROLES) {
                out.add(GuardianCertificate.of(role, k.byRole(role).certificate()));
            }
            return out;
        } catch (GfctlException e) {
            return List.of();
        }
    }
}
