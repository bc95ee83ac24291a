package org.gfctl.cli.audit;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.gfctl.core.GfctlException;
import org.gfctl.core.compliance.AuditEvidence;
import org.gfctl.core.compliance.ComplianceReport;
import org.gfctl.core.compliance.ComplianceReportBuilder;
import org.gfctl.core.compliance.ComplianceSettings;
import org.gfctl.core.compliance.FabricFacts;
import org.gfctl.core.compliance.GuardianCertificate;
import org.gfctl.core.compliance.HtmlReport;
import org.gfctl.core.compliance.JsonReport;
import org.gfctl.core.compliance.OscalReport;
import org.gfctl.core.compliance.ReportFormat;
import org.gfctl.core.compliance.TextReport;
import org.gfctl.core.compliance.Uuids;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.GuardianKeys;
import org.gfctl.core.internal.AtomicFiles;
import org.gfctl.policy.compliance.CatalogueLoader;

/**
 * What {@code audit report} runs: measure the fabric, render in the chosen format, write it out.
 *
 * <p>Kept out of {@link AuditCommand} so the command stays a few lines and the audit-log
 * subcommands, built on another branch, do not collide with it.
 */
final class ComplianceReports {

    private ComplianceReports() {}

    /** The report on {@code fabric} for {@code framework} in {@code format}. */
    static String render(Fabric fabric, String framework, AuditCommand.Report.ReportFormat format, AuditEvidence audit) {
        FabricFacts facts = FabricFacts.read(fabric.store(), guardianCertificates(fabric));
        ComplianceReport report = new ComplianceReportBuilder(CatalogueLoader.builtIn(), ComplianceSettings.defaults(), audit,
                Clock.systemUTC()).build(framework, facts);
        ReportFormat renderer = switch (format) {
            case text -> new TextReport();
            case json -> new JsonReport();
            case html -> new HtmlReport();
            case oscal -> new OscalReport(Uuids.random());
        };
        return renderer.render(report);
    }

    /** Writes {@code document} to {@code out} atomically, or to stdout when {@code out} is null. */
    static void write(String document, Path out, PrintWriter stdout) {
        if (out == null) {
            stdout.print(document);
            stdout.flush();
        } else {
            AtomicFiles.write(out, document.getBytes(StandardCharsets.UTF_8), "rw-r--r--", AtomicFiles.Existing.REPLACE);
        }
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
