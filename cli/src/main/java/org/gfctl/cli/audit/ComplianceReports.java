package org.gfctl.cli.audit;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.gfctl.core.compliance.AuditEvidence;
import org.gfctl.core.compliance.Reports;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.internal.AtomicFiles;

/** Rendering and writing of {@code gfctl audit report}; the report itself is built in core. */
final class ComplianceReports {

    private ComplianceReports() {}

    /** The report on {@code fabric} for {@code framework} in {@code format}. */
    static String render(Fabric fabric, String framework, AuditCommand.Report.ReportFormat format, AuditEvidence audit) {
        return Reports.render(fabric, framework, Reports.Format.valueOf(format.name().toUpperCase(Locale.ROOT)), audit);
    }

    /** {@link #render(Fabric, String, AuditCommand.Report.ReportFormat, AuditEvidence)} with exported certificates. */
    static String render(Fabric fabric, String framework, AuditCommand.Report.ReportFormat format, AuditEvidence audit,
            java.util.List<org.gfctl.core.compliance.GuardianCertificate> guardian) {
        return Reports.render(fabric, framework, Reports.Format.valueOf(format.name().toUpperCase(Locale.ROOT)), audit,
                guardian);
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
}
