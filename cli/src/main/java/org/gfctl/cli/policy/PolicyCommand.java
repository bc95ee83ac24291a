package org.gfctl.cli.policy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.HelpOption;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.NotFoundException;
import org.gfctl.policy.PolicyDocument;
import org.gfctl.policy.PolicyLoader;
import org.gfctl.policy.PolicyValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.nio.file.Files;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.PolicyStore;

/** {@code gfctl policy}: attestation and release policy documents. */
@Command(name = "policy", header = "Validate attestation and release policies.", synopsisSubcommandLabel = "COMMAND",
        subcommands = {PolicyCommand.Validate.class})
public final class PolicyCommand {

    @Mixin
    HelpOption help;

    @Command(name = "validate", header = "Check a policy document; report every error with line and column.",
            description = "Prints the policy's kind, name and digest (the one health certificates carry). "
                    + "An invalid document exits 1 listing every error as FILE:LINE:COLUMN: path: message; "
                    + "a missing file exits 5.")
    public static final class Validate extends GfctlSubcommand {
        @Parameters(paramLabel = "FILE", description = "An AttestationPolicy, ReleasePolicy or CompliancePolicy YAML"
                + " document.")
        Path file;

        @Option(names = "--apply", description = "Also store the valid policy in the fabric under its name"
                + " (attest --policy NAME, volumes' --release-policy NAME; audit report uses the CompliancePolicy"
                + " named compliance). A stored policy of another kind is never replaced.")
        boolean apply;

        @Override
        public Integer call() throws IOException {
            if (apply) { // a refused policy change is recorded too, under the file it came from
                audit().applied().object(file.toString());
            }
            PolicyDocument doc;
            try {
                doc = PolicyLoader.load(file);
            } catch (NoSuchFileException e) {
                throw new NotFoundException("no policy file at " + file);
            } catch (PolicyValidationException e) {
                throw new GfctlException(ExitCode.FAILURE, e.getMessage());
            }
            if (apply) {
                audit().object(doc.kind() + " " + doc.name()).evidence(doc.digest());
                try (Fabric fabric = openFabric()) {
                    PolicyStore.store(fabric.store(), doc, Files.readString(file));
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.toString());
            m.put("valid", true);
            m.put("kind", doc.kind());
            m.put("name", doc.name());
            m.put("digest", "sha256:" + doc.digest());
            if (apply) {
                m.put("applied", true);
            }
            output().result(m, w -> {
                w.printf("%s: valid %s %s%n", file, doc.kind(), doc.name());
                w.printf("  digest sha256:%s%n", doc.digest());
                if (apply) {
                    w.printf("  stored in the fabric as %s%n", doc.name());
                }
            });
            return 0;
        }
    }
}
