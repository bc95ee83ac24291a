package org.gfctl.core.guardian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.Policies;
import org.gfctl.policy.PolicyDocument;
import org.gfctl.policy.PolicyLoader;
import org.gfctl.policy.PolicyValidationException;
import org.gfctl.policy.attestation.AttestationPolicy;

/** Policies kept in the store by name; a {@code --policy} value may also be a file to adopt. */
public final class PolicyStore {

    private PolicyStore() {}

    /** Validates {@code yaml} and stores it under its own name. */
    static PolicyDocument put(FabricStore store, String yaml) {
        PolicyDocument doc = parse("policy", yaml, null);
        store.policies().put(new Policies.Stored(doc.name(), doc.kind(), doc.digest(), yaml, Instant.now()));
        return doc;
    }

    /** The attestation policy named {@code nameOrFile}: a stored name, or a YAML file which is then stored. */
    static AttestationPolicy attestation(FabricStore store, String nameOrFile) {
        Path file = Path.of(nameOrFile);
        PolicyDocument doc;
        if (Files.isRegularFile(file)) {
            try {
                doc = put(store, Files.readString(file));
            } catch (IOException e) {
                throw new GfctlException(ExitCode.FAILURE, "cannot read policy file " + file + ": " + e.getMessage(), e);
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

    /** The stored compliance policy ({@value org.gfctl.policy.compliance.CompliancePolicy#NAME}), if any. */
    public static java.util.Optional<org.gfctl.policy.compliance.CompliancePolicy> compliance(FabricStore store) {
        return store.policies().find(org.gfctl.policy.compliance.CompliancePolicy.NAME)
                .map(s -> parse(s.name(), s.document(), null))
                .filter(d -> d instanceof org.gfctl.policy.compliance.CompliancePolicy)
                .map(d -> (org.gfctl.policy.compliance.CompliancePolicy) d);
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
