package org.gfctl.core.guardian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.UsageException;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.Policies;
import org.gfctl.policy.PolicyDocument;
import org.gfctl.policy.PolicyLoader;
import org.gfctl.policy.PolicyValidationException;
import org.gfctl.policy.attestation.AttestationPolicy;
import org.gfctl.policy.compliance.CompliancePolicy;

/** Policies kept in the store by name; a {@code --policy} value may also be a file to adopt. */
public final class PolicyStore {

    private PolicyStore() {}

    /** Validates {@code yaml} and stores it under its own name ({@link #store}'s rules). */
    static PolicyDocument put(FabricStore store, String yaml) {
        PolicyDocument doc = parse("policy", yaml, null);
        store(store, doc, yaml);
        return doc;
    }

    /**
     * Stores {@code doc}, whose text is {@code yaml}, under its name, the way every command does
     * ({@code policy validate --apply}, {@code attest --policy FILE}, {@code host enroll --baseline}).
     * Names are one namespace for every kind, so a name held by a policy of another kind is refused
     * (the release policy "default" is never replaced by, say, an attestation policy), and a
     * CompliancePolicy is stored only as {@value CompliancePolicy#NAME}, the one reports read.
     */
    public static void store(FabricStore store, PolicyDocument doc, String yaml) {
        if (doc instanceof CompliancePolicy && !doc.name().equals(CompliancePolicy.NAME)) {
            throw new UsageException("a CompliancePolicy is applied under the name " + CompliancePolicy.NAME
                    + " (audit report reads that one), not " + doc.name() + ": set metadata.name: " + CompliancePolicy.NAME);
        }
        store.policies().find(doc.name()).filter(s -> !s.kind().equals(doc.kind())).ifPresent(s -> {
            throw new UsageException("the fabric already holds a " + s.kind() + " named " + doc.name() + ", which this "
                    + doc.kind() + " would replace: give it another metadata.name");
        });
        store.policies().put(new Policies.Stored(doc.name(), doc.kind(), doc.digest(), yaml, Instant.now()));
    }

    /** The attestation policy named {@code nameOrFile}: a stored name, or a YAML file which is then stored. */
    static AttestationPolicy attestation(FabricStore store, String nameOrFile) {
        Path file = Path.of(nameOrFile);
        PolicyDocument doc;
        if (Files.isRegularFile(file)) {
            String yaml;
            try {
                yaml = Files.readString(file);
            } catch (IOException e) {
                throw new GfctlException(ExitCode.FAILURE, "cannot read policy file " + file + ": " + e.getMessage(), e);
            }
            doc = parse("policy", yaml, null);
            if (doc instanceof AttestationPolicy) { // a file of another kind is refused before anything is stored
                store(store, doc, yaml);
            }
        } else {
            Policies.Stored s = store.policies().find(nameOrFile).orElseThrow(() -> new NotFoundException(
                    "no policy named " + nameOrFile + " in the fabric (known: " + store.policies().names()
                            + "); pass a policy file or enroll with --baseline"));
            doc = parse(s.name(), s.document(), null);
        }
        if (!(doc instanceof AttestationPolicy a)) {
            throw new GfctlException(ExitCode.USAGE, "policy " + doc.name() + " is a " + doc.kind()
                    + ", not an AttestationPolicy");
        }
        return a;
    }

    /** The stored release policy {@code name}, if any. */
    static java.util.Optional<org.gfctl.policy.release.ReleasePolicy> release(FabricStore store, String name) {
        return store.policies().find(name).map(s -> parse(s.name(), s.document(), null))
                .filter(d -> d instanceof org.gfctl.policy.release.ReleasePolicy)
                .map(d -> (org.gfctl.policy.release.ReleasePolicy) d);
    }

    /**
     * The stored compliance policy ({@value CompliancePolicy#NAME}), if one is stored under that name.
     * One that no longer validates is an error, not ignored: its thresholds are what the fabric's
     * operator set.
     */
    public static java.util.Optional<CompliancePolicy> compliance(FabricStore store) {
        java.util.Optional<Policies.Stored> s = store.policies().find(CompliancePolicy.NAME)
                .filter(p -> p.kind().equals(CompliancePolicy.KIND));
        if (s.isEmpty()) {
            return java.util.Optional.empty();
        }
        PolicyDocument d;
        try {
            d = PolicyLoader.parse(s.get().name(), s.get().document(), null);
        } catch (PolicyValidationException e) {
            throw new GfctlException(ExitCode.FAILURE, "the fabric's CompliancePolicy " + CompliancePolicy.NAME
                    + " no longer validates (" + e.getMessage() + "): apply a valid one with 'gfctl policy validate"
                    + " --apply FILE'", e);
        }
        if (!(d instanceof CompliancePolicy c)) {
            throw new GfctlException(ExitCode.FAILURE, "the fabric's policy " + CompliancePolicy.NAME + " is stored as a "
                    + CompliancePolicy.KIND + " but reads as a " + d.kind() + ": apply a valid one with 'gfctl policy"
                    + " validate --apply FILE'");
        }
        return java.util.Optional.of(c);
    }

    /** The kind of the policy holding the name {@value CompliancePolicy#NAME} when it is not a CompliancePolicy. */
    public static java.util.Optional<String> complianceNameTakenBy(FabricStore store) {
        return store.policies().find(CompliancePolicy.NAME).map(Policies.Stored::kind)
                .filter(k -> !k.equals(CompliancePolicy.KIND));
    }

    /** Built-in "default": any enrolled host with a valid health certificate; no caching. */
    static org.gfctl.policy.release.ReleasePolicy defaultRelease() {
        return (org.gfctl.policy.release.ReleasePolicy) parse("built-in default", String.join("\n",
                "apiVersion: gfctl.io/v1", "kind: ReleasePolicy", "metadata:", "  name: default", "spec:", "  rules:",
                "    - name: any-enrolled-host", "      hostGroups: ['*']", "      volumes:", "        names: ['*']", "  maxHealthCertificateAge: PT8H",
                "  allowCaching: false", ""), null);
    }

    private static PolicyDocument parse(String source, String yaml, Path base) {
        try {
            return PolicyLoader.parse(source, yaml, base);
        } catch (PolicyValidationException e) {
            throw new GfctlException(ExitCode.FAILURE, "invalid policy " + source + ": " + e.getMessage(), e);
        }
    }
}
