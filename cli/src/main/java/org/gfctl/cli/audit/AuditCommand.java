package org.gfctl.cli.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.HelpOption;
import org.gfctl.cli.Output;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.audit.AuditEntries;
import org.gfctl.core.audit.AuditEntry;
import org.gfctl.core.audit.AuditFilter;
import org.gfctl.core.audit.AuditProofs;
import org.gfctl.core.audit.AuditVerifier;
import org.gfctl.core.audit.EntryProof;
import org.gfctl.core.audit.Finding;
import org.gfctl.core.audit.ProofChecker;
import org.gfctl.core.audit.VerificationReport;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.keys.Certificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gfctl audit}: the tamper-evident audit log and compliance reports. */
@Command(name = "audit", header = "Read and verify the audit log; compliance reports.", synopsisSubcommandLabel = "COMMAND",
        subcommands = {AuditCommand.Log.class, AuditCommand.Verify.class, AuditCommand.Proof.class,
                AuditCommand.CheckProof.class, AuditCommand.Report.class})
public final class AuditCommand {
    private static final String ROW = "%6s  %-23s  %-16s  %-8s  %-14s  %-36s  %-7s  %s%n";

    @Mixin
    HelpOption help;

    @Command(name = "log", header = "List audit entries.",
            description = "A table, or with -o json one JSON object per line (JSON lines), oldest first.")
    public static final class Log extends GfctlSubcommand {
        @Option(names = "--since", paramLabel = "TIME") String since;
        @Option(names = "--until", paramLabel = "TIME") String until;
        @Option(names = "--action", paramLabel = "ACTION") String action;
        @Option(names = "--object", paramLabel = "OBJECT") String object;
        @Option(names = "--actor", paramLabel = "ACTOR") String actor;
        @Option(names = "--result", paramLabel = "RESULT") String result;

        @Override
        public Integer call() {
            AuditFilter filter = AuditFilter.parse(since, until, action, object, actor, result);
            try (Fabric fabric = openFabric()) {
                AuditEntries entries = AuditEntries.of(fabric.store());
                if (global().output() == org.gfctl.cli.GfctlCommand.Format.text) {
                    output().out().printf(ROW, "SEQ", "TIME", "ACTOR", "ROLE", "ACTION", "OBJECT", "RESULT", "EXIT");
                }
                output().<AuditEntry>records(sink -> entries.list(filter, sink), EntryProof::fields,
                        (w, e) -> w.printf(ROW, e.seq(), e.timeText(), e.event().actor(), e.event().role().id(),
                                e.event().action(), e.event().object(), e.event().result(), e.event().exitCode()));
            }
            return 0;
        }
    }

    @Command(name = "verify", header = "Prove the audit log was not modified, truncated or reordered.",
            description = "Exit 0 when intact; exit 4 listing every finding otherwise.")
    public static final class Verify extends GfctlSubcommand {
        @Option(names = "--cert", paramLabel = "AUDIT.crt",
                description = "The guardian's audit certificate (default: from the guardian key store).")
        Path cert;

        @Override
        public Integer call() {
            try (Fabric fabric = openFabric()) {
                X509Certificate given = cert != null ? Certificates.load(cert) : null;
                Supplier<X509Certificate> trusted = given != null ? () -> given : fabric.auditCertificateInBackground();
                VerificationReport r = AuditVerifier.of(fabric.store(), trusted)
                        .withSignedHead(org.gfctl.core.audit.SignedHead.read(fabric.auditHead(), fabric.id())).verify();
                if (!r.intact()) {
                    if (global().output() == org.gfctl.cli.GfctlCommand.Format.text) {
                        r.findings().forEach(f -> output().out().println(f.message()));
                        output().out().flush();
                    }
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("intact", false);
                    d.put("entries", r.entries());
                    d.put("checkpoints", r.checkpoints());
                    d.put("findings", r.findings().stream().map(f -> {
                        Map<String, Object> x = new LinkedHashMap<>();
                        x.put("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                        x.put("first", f.first());
                        x.put("last", f.last());
                        x.put("message", f.message());
                        return x;
                    }).toList());
                    throw new IntegrityException("the audit log is not intact (" + r.findings().size() + " finding"
                            + (r.findings().size() == 1 ? "" : "s") + "): " + String.join("; ",
                                    r.findings().stream().map(Finding::message).toList())).withDetails(d);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("intact", true);
                m.put("entries", r.entries());
                m.put("checkpoints", r.checkpoints());
                m.put("signaturesChecked", r.signaturesChecked());
                r.latest().ifPresent(k -> m.put("latestCheckpoint", Output.fields("number", k.number(), "treeSize",
                        k.treeSize(), "time", k.time(), "signer", k.signer())));
                output().result(m, w -> w.printf("Audit log intact: %d entries, %d signed checkpoints%s%n", r.entries(),
                        r.checkpoints(), r.latest().map(k -> ", latest " + k.number() + " at " + k.time() + " by "
                                + k.signer()).orElse("")));
            }
            return 0;
        }
    }

    @Command(name = "proof", header = "Print an inclusion proof for one entry.",
            description = "A JSON document for 'gfctl audit check-proof': the entry, its audit path and the latest"
                    + " signed checkpoint.")
    public static final class Proof extends GfctlSubcommand {
        @Option(names = "--entry", paramLabel = "N", required = true) long entry;

        @Override
        public Integer call() {
            try (Fabric fabric = openFabric()) {
                Map<String, Object> proof = AuditProofs.of(fabric.store()).inclusion(entry).toMap();
                output().result(proof, w -> w.println(pretty(proof)));
            }
            return 0;
        }
    }

    @Command(name = "check-proof", header = "Check an inclusion proof offline with the guardian's audit certificate.",
            description = "Exit 0 if the proof holds; exit 4 on any mismatch.")
    public static final class CheckProof extends GfctlSubcommand {
        @Parameters(paramLabel = "PROOF", arity = "0..1", description = "Proof file (default: stdin).") Path proof;
        @Option(names = "--cert", paramLabel = "AUDIT.crt", required = true,
                description = "The guardian's audit certificate.") Path cert;

        @Override
        public Integer call() throws IOException {
            X509Certificate c = Certificates.load(cert);
            byte[] json;
            if (proof == null || proof.toString().equals("-")) {
                json = System.in.readAllBytes();
            } else if (!Files.exists(proof)) {
                throw new NotFoundException("proof file " + proof + " does not exist");
            } else {
                json = Files.readAllBytes(proof);
            }
            EntryProof p = EntryProof.parse(json);
            AuditEntry e = ProofChecker.trusting(c).check(p);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("verified", true);
            m.put("entry", EntryProof.fields(e));
            m.put("treeSize", p.treeSize());
            m.put("checkpoint", p.checkpoint().number());
            m.put("signedAt", p.checkpoint().time());
            m.put("signer", p.checkpoint().signer());
            output().result(m, w -> w.printf("Entry %d (%s %s %s -> %s) is in the audit log of %d entries signed by %s"
                    + " at %s (checkpoint %d)%n", e.seq(), e.event().role().id(), e.event().action(), e.event().object(),
                    e.event().result(), p.treeSize(), p.checkpoint().signer(), p.checkpoint().time(),
                    p.checkpoint().number()));
            return 0;
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

        @Option(names = "--certs", paramLabel = "DIR",
                description = "The guardian's public certificates as 'gfctl fabric export-certs' wrote them (guardian.crt,"
                        + " attestation-ca.crt, audit.crt): an auditor's copy, used instead of the guardian's key store,"
                        + " whose password is then not needed.")
        Path certs;

        @Override
        public Integer call() {
            try (org.gfctl.core.guardian.Fabric fabric = openFabric()) {
                String document;
                if (certs != null) {
                    var guardian = org.gfctl.core.compliance.Reports.exportedCertificates(certs);
                    String inStore = fabric.store().meta().get("guardian_fingerprint").orElse(null);
                    if (inStore != null && !inStore.equals(guardian.get(0).fingerprint())) {
                        throw new org.gfctl.core.IntegrityException(certs.resolve("guardian.crt") + " is not this fabric's"
                                + " guardian certificate (the store names " + inStore + "): export the certificates"
                                + " again with 'gfctl fabric export-certs' (the guardian key was rotated since?)");
                    }
                    document = ComplianceReports.render(fabric, framework, format, new org.gfctl.core.audit.AuditLogEvidence(
                            fabric, Certificates.load(certs.resolve("audit.crt"))), guardian);
                } else {
                    document = ComplianceReports.render(fabric, framework, format,
                            new org.gfctl.core.audit.AuditLogEvidence(fabric));
                }
                ComplianceReports.write(document, out, output().out());
                org.gfctl.core.guardian.PolicyStore.complianceNameTakenBy(fabric.store()).ifPresent(kind -> {
                    output().err().println("gfctl audit report: warning: the fabric's policy named "
                            + org.gfctl.policy.compliance.CompliancePolicy.NAME + " is a " + kind + ", not a"
                            + " CompliancePolicy: the catalogue's thresholds were used");
                    output().err().flush();
                });
            }
            return 0;
        }
    }

    static String pretty(Object o) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
