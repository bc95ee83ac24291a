package org.gfctl.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gfctl.policy.attestation.AttestationPolicy;
import org.gfctl.policy.compliance.CompliancePolicy;
import org.gfctl.policy.internal.AttestationSpecReader;
import org.gfctl.policy.internal.ComplianceSpecReader;
import org.gfctl.policy.internal.Errors;
import org.gfctl.policy.internal.Fields;
import org.gfctl.policy.internal.Node;
import org.gfctl.policy.internal.ReleaseSpecReader;
import org.gfctl.policy.internal.TreeReader;
import org.gfctl.policy.release.ReleasePolicy;

/**
 * Reads policy documents from YAML, checking everything and reporting every error at once.
 *
 * <p>A document is {@code apiVersion: gfctl.io/v1}, a {@code kind}, {@code metadata} and a
 * {@code spec}; unknown fields anywhere are errors. Each error carries line, column and path
 * ({@link PolicyError}); all of them come in one {@link PolicyValidationException}.
 */
public final class PolicyLoader {
    private PolicyLoader() {}

    /**
     * The policy in {@code file}, of whichever kind it is.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws PolicyValidationException         listing every error if the document is not valid
     */
    public static PolicyDocument load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return parse(file.toString(), text, file.toAbsolutePath().getParent());
    }

    /** Like {@link #load} but the document must be an {@code AttestationPolicy}. */
    public static AttestationPolicy loadAttestation(Path file) throws IOException {
        return expect(load(file), AttestationPolicy.class, AttestationPolicy.KIND, file.toString());
    }

    /** Like {@link #load} but the document must be a {@code CompliancePolicy}. */
    public static CompliancePolicy loadCompliance(Path file) throws IOException {
        return expect(load(file), CompliancePolicy.class, CompliancePolicy.KIND, file.toString());
    }

    /** Like {@link #load} but the document must be a {@code ReleasePolicy}. */
    public static ReleasePolicy loadRelease(Path file) throws IOException {
        return expect(load(file), ReleasePolicy.class, ReleasePolicy.KIND, file.toString());
    }

    /**
     * The policy in {@code yaml}.
     *
     * @param source  names the document in error messages (usually its file name)
     * @param baseDir where certificate files named in the policy are looked up; {@code null} if
     *                the document does not come from a file (then such names are errors)
     */
    public static PolicyDocument parse(String source, String yaml, Path baseDir) {
        Errors errors = new Errors();
        PolicyDocument doc = read(yaml, errors, baseDir);
        if (!errors.isEmpty() || doc == null) {
            throw new PolicyValidationException(source, errors.sorted());
        }
        return doc;
    }

    private static PolicyDocument read(String yaml, Errors errors, Path baseDir) {
        Node root = TreeReader.read(yaml, errors);
        if (root == null) {
            return null;
        }
        Fields top = Fields.of(root, "", errors, "apiVersion", "kind", "metadata", "spec");
        if (top == null) {
            return null;
        }
        String apiVersion = top.string("apiVersion", true);
        if (apiVersion != null && !apiVersion.equals(PolicyDocument.API_VERSION)) {
            errors.add(top.node("apiVersion"), "apiVersion",
                    "must be " + PolicyDocument.API_VERSION + ", not \"" + apiVersion + "\"");
        }
        String kind = top.string("kind", true);
        List<String> kinds = List.of(AttestationPolicy.KIND, ReleasePolicy.KIND, CompliancePolicy.KIND);
        if (kind != null && !kinds.contains(kind)) {
            errors.add(top.node("kind"), "kind", "must be " + String.join(", ", kinds.subList(0, kinds.size() - 1))
                    + " or " + kinds.get(kinds.size() - 1) + ", not \"" + kind + "\"");
        }
        Metadata metadata = metadata(top, errors);
        Node spec = top.required("spec");
        if (spec == null || kind == null) {
            return null;
        }
        return switch (kind) {
            case AttestationPolicy.KIND -> AttestationSpecReader.read(metadata, spec, errors, baseDir);
            case ReleasePolicy.KIND -> ReleaseSpecReader.read(metadata, spec, errors);
            case CompliancePolicy.KIND -> ComplianceSpecReader.read(metadata, spec, errors);
            default -> null;
        };
    }

    private static Metadata metadata(Fields top, Errors errors) {
        Node node = top.required("metadata");
        Fields f = node == null ? null : Fields.of(node, "metadata", errors, "name", "description");
        if (f == null) {
            return null;
        }
        String name = f.string("name", true);
        String description = f.string("description", false);
        if (name == null) {
            return null;
        }
        String problem = Metadata.nameProblem(name);
        if (problem != null) {
            errors.add(f.node("name"), "metadata.name", problem);
            return null;
        }
        return Metadata.of(name, description);
    }

    private static <T extends PolicyDocument> T expect(PolicyDocument doc, Class<T> type, String kind, String source) {
        if (!type.isInstance(doc)) {
            throw new PolicyValidationException(source, List.of(new PolicyError(1, 1, "kind",
                    "must be " + kind + " here, not " + doc.kind())));
        }
        return type.cast(doc);
    }
}
