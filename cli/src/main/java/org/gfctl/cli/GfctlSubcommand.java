package org.gfctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.FabricHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every gfctl command: access to the global options and the output renderer.
 *
 * <p>Commands stay thin: parse, call one core service, render (STYLE.md §5).
 */
@Command
public abstract class GfctlSubcommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Mixin
    HelpOption help;

    private final AuditDetails audit = new AuditDetails();

    /** What this run adds to its audit entry; see {@link AuditTrail}. */
    public static final class AuditDetails {
        private String object;
        private java.util.function.Supplier<String> objectIfUnset;
        private String evidence;
        private String key;
        private org.gfctl.core.audit.Role role;
        private boolean skip;
        private boolean applied;
        private final List<Step> steps = new ArrayList<>();

        /** The target: host name, volume UUID, ... */
        public AuditDetails object(String v) {
            object = v;
            return this;
        }

        /**
         * The target to record if the command ends without setting one (it failed before it knew
         * it): asked only then, since finding it may cost I/O.
         */
        public AuditDetails objectIfUnset(java.util.function.Supplier<String> v) {
            objectIfUnset = v;
            return this;
        }

        /** SHA-256 (lowercase hex) of the evidence: a Merkle root, an evidence blob, a certificate. */
        public AuditDetails evidence(String sha256Hex) {
            evidence = sha256Hex;
            return this;
        }

        /** The fingerprint of the key the actor used. */
        public AuditDetails key(String fingerprint) {
            key = fingerprint;
            return this;
        }

        public AuditDetails role(org.gfctl.core.audit.Role r) {
            role = r;
            return this;
        }

        /**
         * An entry recorded before the command's own: a step that its separate command would have
         * recorded ({@code unshield --tpm} attests and releases), with that command's role, and the
         * evidence digest and key fingerprint that command records (null: none).
         */
        public AuditDetails step(org.gfctl.core.audit.Role stepRole, String action, String stepObject, int exitCode,
                String stepEvidence, String stepKey) {
            steps.add(new Step(stepRole, action, stepObject, exitCode, stepEvidence, stepKey));
            return this;
        }

        record Step(org.gfctl.core.audit.Role role, String action, String object, int exitCode, String evidence,
                String key) {}

        List<Step> steps() {
            return steps;
        }

        /** The command changed nothing that needs recording (e.g. it only read). */
        public AuditDetails skip() {
            skip = true;
            return this;
        }

        /** A policy was stored in the fabric (policy validate --apply). */
        public AuditDetails applied() {
            applied = true;
            return this;
        }

        /** The target set, else the one {@link #objectIfUnset} finds, else null. */
        String object() {
            return object != null || objectIfUnset == null ? object : objectIfUnset.get();
        }

        String evidence() {
            return evidence;
        }

        String key() {
            return key;
        }

        org.gfctl.core.audit.Role role() {
            return role;
        }

        boolean skipped() {
            return skip;
        }

        boolean wasApplied() {
            return applied;
        }
    }

    /** This run's audit details, for the command to fill in as it learns them. */
    protected AuditDetails audit() {
        return audit;
    }

    AuditDetails auditDetails() {
        return audit;
    }

    /** The global options, wherever on the command line they were given. */
    /**
     * Records the volume of {@code image} as this command's audit object if the command ends before
     * setting one (a refusal), read then from its key protector ({@code kp}, else IMAGE.kp), so that
     * even a refusal is found by volume UUID; nothing is recorded from a key protector that does not read.
     */
    protected void auditVolume(java.nio.file.Path image, java.nio.file.Path kp) {
        audit().objectIfUnset(() -> {
            try {
                return org.gfctl.core.keyprotector.KeyProtector.read(kp != null ? kp
                        : image.resolveSibling(image.getFileName() + ".kp")).metadata().volumeUuid().toString();
            } catch (RuntimeException unreadable) {
                return null; // the command reported it
            }
        });
    }

    protected GfctlCommand global() {
        return (GfctlCommand) spec.root().userObject();
    }

    /** The renderer for this invocation's {@code -o} format and streams. */
    protected Output output() {
        return Output.of(spec.commandLine());
    }

    /** The fabric home ({@code --home}, {@code GFCTL_HOME}, {@code ~/.gfctl}). */
    protected FabricHome home() {
        return FabricHome.at(global().home());
    }

    /** The fabric of {@link #home()}; fails with exit 5 if there is none. */
    protected Fabric openFabric() {
        return Fabric.open(home(), global().store(), global().storeCredentials(),
                Secrets.pinPrompt());
    }

    /** The fabric of {@link #home()} if one was initialized there. */
    protected Optional<Fabric> fabricIfExists() {
        return Fabric.openIfExists(home(), global().store(), global().storeCredentials(),
                Secrets.pinPrompt());
    }
}
