package org.gfctl.cli.audit;

import java.nio.file.Path;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gfctl audit}: the tamper-evident audit log and compliance reports. */
@Command(name = "audit", header = "Read and verify the audit log; compliance reports.", synopsisSubcommandLabel = "COMMAND",
        subcommands = {AuditCommand.Log.class, AuditCommand.Verify.class, AuditCommand.Proof.class,
                AuditCommand.CheckProof.class, AuditCommand.Report.class})
public final class AuditCommand {

    @Mixin
    HelpOption help;

    @Command(name = "log", header = "List audit entries.")
    public static final class Log extends GfctlSubcommand {
        @Option(names = "--since", paramLabel = "TIME") String since;
        @Option(names = "--until", paramLabel = "TIME") String until;
        @Option(names = "--action", paramLabel = "ACTION") String action;
        @Option(names = "--object", paramLabel = "OBJECT") String object;
        @Option(names = "--actor", paramLabel = "ACTOR") String actor;
        @Option(names = "--result", paramLabel = "RESULT") String result;

        @Override
        public Integer call() {
            return notImplemented();
        }
    }

    @Command(name = "verify", header = "Prove the audit log was not modified, truncated or reordered.")
    public static final class Verify extends GfctlSubcommand {
        @Override
        public Integer call() {
            return notImplemented();
        }
    }

    @Command(name = "proof", header = "Print an inclusion proof for one entry.")
    public static final class Proof extends GfctlSubcommand {
        @Option(names = "--entry", paramLabel = "N", required = true) long entry;

        @Override
        public Integer call() {
            return notImplemented();
        }
    }

    @Command(name = "check-proof", header = "Check an inclusion proof offline with the guardian's audit certificate.")
    public static final class CheckProof extends GfctlSubcommand {
        @Parameters(paramLabel = "PROOF", arity = "0..1", description = "Proof file (default: stdin).") Path proof;
        @Option(names = "--cert", paramLabel = "AUDIT.crt", description = "The guardian's audit certificate.") Path cert;

        @Override
        public Integer call() {
            return notImplemented();
        }
    }

    @Command(name = "report", header = "Compliance report: controls, evidence and findings.")
    public static final class Report extends GfctlSubcommand {
        /** Frameworks the compliance catalogue maps. */
        public enum Framework {
            iso27001_2013, iso27001_2022, pci_dss_3_1, pci_dss_4_0, nist_800_53_r4, nist_800_53_r5, fedramp_moderate, all
        }

        /** Report formats. */
        public enum ReportFormat { text, json, oscal, html }

        @Option(names = "--framework", paramLabel = "F", required = true,
                description = "iso27001-2013 | iso27001-2022 | pci-dss-3.1 | pci-dss-4.0 | nist-800-53-r4 | nist-800-53-r5 | fedramp-moderate | all")
        String framework;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        ReportFormat format;

        @Option(names = "--out", paramLabel = "FILE") Path out;

        @Override
        public Integer call() {
            try (org.gfctl.core.guardian.Fabric fabric = openFabric()) {
                ComplianceReports.write(ComplianceReports.render(fabric, framework, format,
                        org.gfctl.core.compliance.AuditEvidence.notAvailable()), out, output().out());
            }
            return 0;
        }
    }
}
