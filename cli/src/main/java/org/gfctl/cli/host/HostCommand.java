package org.gfctl.cli.host;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.HelpOption;
import org.gfctl.cli.Output;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.guardian.AttestationEvidence;
import org.gfctl.core.guardian.EnrollmentChallenge;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.Guardian;
import org.gfctl.core.guardian.LocalGuardian;
import org.gfctl.core.host.HostAgent;
import org.gfctl.core.store.AttestationRecord;
import org.gfctl.core.store.HostRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gfctl host}: enrolled hosts and their TPM evidence. */
@Command(name = "host", header = "Enroll, list and remove hosts; read TCG event logs.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {HostCommand.Enroll.class, HostCommand.List.class, HostCommand.Show.class,
                HostCommand.Remove.class, EventLogCommand.class})
public final class HostCommand {

    @Mixin
    HelpOption help;

    @Command(name = "enroll", header = "Enroll a host by its TPM: EK chain, AK activation, optional baseline.",
            description = "The EK certificate must chain to a CA trusted with 'gfctl fabric trust-tpm-ca'; the new AK"
                    + " proves it shares the TPM with that EK by credential activation.")
    public static final class Enroll extends GfctlSubcommand {
        @Option(names = "--tpm", paramLabel = "SPEC", required = true,
                description = "device:/dev/tpmrm0 | swtpm:HOST:PORT | mssim:HOST:PORT")
        String tpm;

        @Option(names = "--name", paramLabel = "N", description = "Host name (default: this machine's host name).")
        String name;

        @Option(names = "--group", paramLabel = "G", defaultValue = "default", description = "Host group used by release policies.")
        String group;

        @Option(names = "--baseline", description = "Make this host's current PCRs and event log its attestation policy.")
        boolean baseline;

        @Option(names = "--eventlog", paramLabel = "FILE",
                description = "TCG event log (default: /sys/kernel/security/tpm0/binary_bios_measurements if readable).")
        Path eventLog;

        @Override
        public Integer call() {
            String host = HostArgs.name(name);
            try (Fabric fabric = openFabric(); HostAgent agent = HostArgs.agent(tpm, home())) {
                LocalGuardian guardian = new LocalGuardian(fabric);
                EnrollmentChallenge challenge = guardian.challengeEnrollment(agent.enrollmentRequest(host, group));
                byte[] secret = agent.activate(challenge);
                Guardian.Enrolled e;
                try {
                    e = guardian.completeEnrollment(challenge.id(), secret, Optional.empty());
                } finally {
                    java.util.Arrays.fill(secret, (byte) 0);
                }
                String policy = e.policyName();
                if (baseline) {
                    AttestationEvidence ev = agent.evidence(host, guardian.nonce(host), HostArgs.DEFAULT_PCRS,
                            Optional.ofNullable(eventLog), false);
                    policy = guardian.adoptBaseline(ev);
                    // the policy's digest, as every policy.apply entry records (and health certificates carry)
                    String digest = fabric.store().policies().find(policy).map(org.gfctl.core.store.Policies.Stored::digest)
                            .orElse(null);
                    audit().step(org.gfctl.core.audit.Role.GUARDIAN, "policy.apply", "AttestationPolicy " + policy
                            + " (baseline of " + e.hostName() + ")", 0, digest, null);
                }
                audit().object(e.hostName()).evidence(e.ekPubDigest());
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("host", e.hostName());
                r.put("group", e.group());
                r.put("ekPubDigest", e.ekPubDigest());
                r.put("akName", e.akName());
                r.put("policy", policy);
                String p = policy;
                output().result(r, w -> {
                    w.printf("Enrolled host %s (group %s)%n", e.hostName(), e.group());
                    w.printf("  EK     %s (certificate chain trusted)%n", e.ekPubDigest());
                    w.printf("  AK     %s (activated)%n", e.akName());
                    w.printf("  policy %s%n", p == null ? "none yet: attest with --policy, or enroll with --baseline" : p);
                });
            }
            return 0;
        }
    }

    @Command(name = "list", header = "List enrolled hosts.")
    public static final class List extends GfctlSubcommand {
        @Override
        public Integer call() {
            try (Fabric fabric = openFabric()) {
                java.util.List<HostRecord> hosts = fabric.store().hosts().list();
                output().result(Output.fields("hosts", hosts.stream().map(HostArgs::json).toList()), w -> {
                    w.printf("%-24s %-12s %-8s %-28s %s%n", "NAME", "GROUP", "STATE", "POLICY", "ENROLLED");
                    for (HostRecord h : hosts) {
                        w.printf("%-24s %-12s %-8s %-28s %s%n", h.name(), h.group(), h.active() ? "active" : "removed",
                                h.policyName() == null ? "-" : h.policyName(), h.enrolledAt());
                    }
                });
            }
            return 0;
        }
    }

    @Command(name = "show", header = "Show one host: identity, group, last attestation.")
    public static final class Show extends GfctlSubcommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Fabric fabric = openFabric()) {
                HostRecord h = fabric.store().hosts().find(name)
                        .orElseThrow(() -> new NotFoundException("no host named " + name + " (see gfctl host list)"));
                java.util.List<AttestationRecord> atts = fabric.store().attestations().forHost(name);
                Map<String, Object> m = HostArgs.json(h);
                m.put("attestations", atts.stream().map(a -> Output.fields("id", a.id(), "verdict", a.verdict(),
                        "policy", String.valueOf(a.policyName()), "time", a.createdAt().toString())).toList());
                output().result(m, w -> {
                    w.printf("host    %s (%s)%ngroup   %s%nEK      %s%nAK      %s%npolicy  %s%nenrolled %s%n", h.name(),
                            h.active() ? "active" : "removed " + h.removedAt(), h.group(), h.ekPubDigest(), h.akName(),
                            h.policyName(), h.enrolledAt());
                    for (AttestationRecord a : atts) {
                        w.printf("attestation %d  %s  %s  %s%n", a.id(), a.verdict(), a.policyName(), a.createdAt());
                    }
                });
            }
            return 0;
        }
    }

    @Command(name = "remove", header = "Remove a host; its health certificates are revoked.")
    public static final class Remove extends GfctlSubcommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Fabric fabric = openFabric()) {
                Instant now = Instant.now();
                if (!fabric.store().hosts().remove(name, now)) {
                    throw new NotFoundException("no enrolled host named " + name + " (see gfctl host list)");
                }
                int revoked = fabric.store().healthCertificates().revokeAll(name, now);
                audit().object(name);
                output().result(Output.fields("host", name, "removed", true, "revokedCertificates", revoked),
                        w -> w.printf("Removed host %s; %d health certificate(s) revoked%n", name, revoked));
            }
            return 0;
        }
    }
}
