package org.gfctl.cli;

import java.util.Map;
import org.gfctl.core.ExitCode;
import org.gfctl.core.audit.AuditEvent;
import org.gfctl.core.audit.AuditLog;
import org.gfctl.core.audit.Role;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.FabricHome;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Appends one audit entry for every state-changing command run against a fabric, whatever its
 * outcome (DESIGN.md "Audit log"): role, action, object, result, exit code, evidence digest.
 *
 * <p>It runs after the command, from the execution strategy, so no command can forget it and
 * refusals are recorded like successes. Commands add the object, evidence digest and key
 * fingerprint they know ({@link GfctlSubcommand#audit}); without a fabric nothing is recorded.
 */
final class AuditTrail {
    private static final Map<String, Role> AUDITED = Map.ofEntries(
            Map.entry("fabric init", Role.GUARDIAN), Map.entry("fabric trust-tpm-ca", Role.GUARDIAN),
            Map.entry("fabric rotate-guardian", Role.GUARDIAN), Map.entry("owner init", Role.OWNER),
            Map.entry("host enroll", Role.GUARDIAN), Map.entry("host remove", Role.ADMIN), Map.entry("attest", Role.GUARDIAN),
            Map.entry("shield-vm", Role.OWNER), Map.entry("unshield", Role.OWNER), Map.entry("verify", Role.AUDITOR),
            Map.entry("key reveal", Role.OWNER), Map.entry("key release", Role.GUARDIAN), Map.entry("key unwrap", Role.HOST),
            Map.entry("rotate-key", Role.OWNER), Map.entry("policy validate", Role.GUARDIAN),
            Map.entry("quickstart", Role.ADMIN));

    /** The commands that change nothing, so write no entry (AuditTrailCoverageTest holds every command to one list). */
    static final java.util.Set<String> READ_ONLY = java.util.Set.of("host list", "host show", "host eventlog",
            "fabric export-certs", "audit log", "audit verify", "audit proof", "audit check-proof", "audit report",
            "completion", "console");

    /** The commands that write an entry, by name. */
    static java.util.Set<String> audited() {
        return AUDITED.keySet();
    }

    private AuditTrail() {}

    /**
     * Appends the audit entry of the command that ran with {@code exitCode}, and returns the exit
     * code the process ends with: the command's own, unless it succeeded but its entry could not be
     * written. Auditing fails closed: a success nobody can audit is reported as the failure it is
     * (the audit log's own exit code, e.g. 4 for a damaged log or 6 for a refused audit key, else 1),
     * so that scripts stop; what the command changed stays changed, and the message says so.
     */
    static int record(CommandLine executed, int exitCode) {
        if (!(executed.getCommand() instanceof GfctlSubcommand cmd)) {
            return exitCode;
        }
        String name = executed.getCommandSpec().qualifiedName(" ").replaceFirst("^gfctl ", "");
        Role role = AUDITED.get(name);
        GfctlSubcommand.AuditDetails d = cmd.auditDetails();
        if (role == null || d.skipped() || (name.equals("policy validate") && !d.wasApplied())) {
            return exitCode;
        }
        FabricHome home = FabricHome.at(cmd.global().home());
        if (!home.exists()) {
            return exitCode;
        }
        Role actual = d.role() != null ? d.role() : role;
        try (Fabric fabric = Fabric.open(home, cmd.global().store(), cmd.global().storeCredentials(),
                Secrets.pinPrompt())) {
            AuditLog log = AuditLog.open(fabric.store(), fabric.auditKey()).withSignedHead(fabric.auditHead(), fabric.id());
            for (GfctlSubcommand.AuditDetails.Step s : d.steps()) {
                AuditEvent step = AuditEvent.of(s.role(), s.action(), truncate(s.object()), result(s.exitCode()),
                        s.exitCode(), s.evidence());
                log.append(s.key() == null ? step : step.withActorKey(s.key()));
            }
            // only applied policies are recorded: the entry says what happened
            String action = name.equals("policy validate") ? "policy.apply" : name.replace(' ', '.');
            String object = d.object();
            AuditEvent e = AuditEvent.of(actual, action, object != null ? truncate(object) : fallbackObject(executed),
                    result(exitCode), exitCode, d.evidence());
            if (d.key() != null) {
                e = e.withActorKey(d.key());
            }
            log.append(e);
            if (log.headWarning() != null) {
                executed.getErr().println("gfctl: warning: the audit log recorded this " + name + ", but " + log.headWarning());
                executed.getErr().flush();
            }
            return exitCode;
        } catch (RuntimeException e) {
            boolean done = exitCode == 0;
            executed.getErr().println("gfctl: " + (done ? "error: " + name + " was carried out, but " : "warning: ")
                    + "the audit log could not record it: " + e.getMessage() + " (run 'gfctl audit verify')");
            executed.getErr().flush();
            if (!done) {
                return exitCode;
            }
            return e instanceof org.gfctl.core.GfctlException g ? g.exitCode().code() : ExitCode.FAILURE.code();
        }
    }

    static String result(int exitCode) {
        return switch (exitCode) {
            case 0 -> "success";
            case 2 -> "usage-error";
            case 3 -> "denied";
            case 4 -> "integrity-violation";
            case 5 -> "not-found";
            case 6 -> "refused";
            default -> "failure";
        };
    }

    /** The command's main target as given: --in, --host, --name, --out, or its first parameter. */
    private static String fallbackObject(CommandLine cl) {
        for (String n : new String[] {"--in", "--host", "--name", "--out"}) {
            OptionSpec o = cl.getCommandSpec().findOption(n);
            Object v = o == null ? null : o.getValue();
            if (v != null) {
                return truncate(java.util.Objects.toString(v));
            }
        }
        return cl.getCommandSpec().positionalParameters().stream().map(p -> (Object) p.getValue()).filter(v -> v != null)
                .map(v -> truncate(java.util.Objects.toString(v))).findFirst().orElse("");
    }

    private static String truncate(String s) {
        return AuditEvent.recordableObject(s, 200);
    }

}
