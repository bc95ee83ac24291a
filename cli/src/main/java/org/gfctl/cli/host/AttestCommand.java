package org.gfctl.cli.host;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.Output;
import org.gfctl.core.AttestationFailedException;
import org.gfctl.core.disk.AtomicOutput;
import org.gfctl.core.guardian.AttestationEvidence;
import org.gfctl.core.guardian.AttestationOutcome;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.LocalGuardian;
import org.gfctl.core.host.HostAgent;
import org.gfctl.core.keys.Certificates;
import org.gfctl.policy.attestation.RuleResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gfctl attest}: prove a host's state and obtain a health certificate. */
@Command(name = "attest", header = "Attest a host with a TPM quote and event log; issue a health certificate.",
        description = "Exit 3 when the evidence or the policy fails, with every failed rule explained (expected vs"
                + " actual). Every attestation, pass or fail, is stored with its evidence for --reverify.")
public final class AttestCommand extends GfctlSubcommand {

    static final class Fresh {
        @Option(names = "--tpm", paramLabel = "SPEC", required = true,
                description = "device:/dev/tpmrm0 | swtpm:HOST:PORT | mssim:HOST:PORT")
        String tpm;

        @Option(names = "--host", paramLabel = "N", description = "Enrolled host name (default: this machine's).")
        String host;

        @Option(names = "--policy", paramLabel = "NAME|FILE", description = "Attestation policy (default: the host's baseline).")
        String policy;

        @Option(names = "--out", paramLabel = "HEALTH.pem", description = "Write the health certificate here.")
        Path out;

        @Option(names = "--eventlog", paramLabel = "FILE",
                description = "TCG event log (default: /sys/kernel/security/tpm0/binary_bios_measurements if readable).")
        Path eventLog;

        @Option(names = "--bind-pcrs", description = "Bind the new binding key to the quoted PCR values (PolicyPCR).")
        boolean bindPcrs;
    }

    static final class Mode {
        @ArgGroup(exclusive = false)
        Fresh fresh;

        @Option(names = "--reverify", paramLabel = "ID", description = "Re-verify a stored attestation's evidence.")
        Long reverify;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Override
    public Integer call() {
        try (Fabric fabric = openFabric()) {
            LocalGuardian guardian = new LocalGuardian(fabric);
            if (mode.reverify != null) {
                audit().role(org.gfctl.core.audit.Role.AUDITOR).object("attestation " + mode.reverify);
                AttestationOutcome o = guardian.reverify(mode.reverify);
                audit().evidence(o.evidenceDigest());
                render(o, null);
                if (!o.passed()) {
                    throw new AttestationFailedException("attestation " + o.attestationId() + " of " + o.hostName()
                            + " no longer passes policy " + o.policyName() + ":" + o.failures());
                }
                return 0;
            }
            Fresh f = mode.fresh;
            String host = HostArgs.name(f.host);
            audit().object(host);
            AttestationOutcome o;
            try (HostAgent agent = HostArgs.agent(f.tpm, home())) {
                AttestationEvidence evidence = agent.evidence(host, guardian.nonce(host), HostArgs.DEFAULT_PCRS,
                        Optional.ofNullable(f.eventLog), f.bindPcrs);
                audit().evidence(evidence.digest());
                o = guardian.attest(evidence, Optional.ofNullable(f.policy));
                if (f.policy != null && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(f.policy))) {
                    // a policy file is stored under its name: a policy change of its own
                    audit().step(org.gfctl.core.audit.Role.GUARDIAN, "policy.apply", "AttestationPolicy "
                            + o.policyName() + " sha256:" + o.policyDigest(), 0, o.policyDigest(), null);
                }
                // the attestation CA signed the health certificate
                audit().key(Certificates.fingerprint(fabric.keys().attestationCa().certificate()));
                agent.acceptHealthCertificate();
            }
            if (f.out != null) {
                AtomicOutput.write(f.out, Certificates.toPem(o.healthCertificate()).getBytes(StandardCharsets.US_ASCII), false);
            }
            render(o, f.out);
        }
        return 0;
    }

    private void render(AttestationOutcome o, Path out) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attestationId", o.attestationId());
        m.put("host", o.hostName());
        m.put("passed", o.passed());
        m.put("policy", o.policyName());
        m.put("policyDigest", o.policyDigest());
        m.put("rules", o.rules().stream().map(r -> Output.fields("rule", r.rule(), "passed", r.passed(), "expected", r.expected(),
                "actual", r.actual())).toList());
        if (o.healthCertificate() != null) {
            m.put("healthCertificate", Output.fields("serial", o.healthCertificate().getSerialNumber().toString(16),
                    "notAfter", o.healthCertificate().getNotAfter().toInstant().toString(),
                    "file", out == null ? "" : out.toAbsolutePath().toString()));
        }
        output().result(m, w -> {
            w.printf("Attestation %d of host %s: %s (policy %s)%n", o.attestationId(), o.hostName(),
                    o.passed() ? "PASS" : "FAIL", o.policyName());
            for (RuleResult r : o.rules()) {
                w.printf("  %-4s %-22s %s%n", r.passed() ? "ok" : "FAIL", r.rule(), r.passed() ? r.expected() : r.explanation());
            }
            if (o.healthCertificate() != null) {
                w.printf("Health certificate %s valid until %s%s%n", o.healthCertificate().getSerialNumber().toString(16),
                        o.healthCertificate().getNotAfter().toInstant(), out == null ? "" : " -> " + out);
            }
        });
    }
}
