package org.gfctl.policy.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gfctl.policy.Metadata;
import org.gfctl.policy.release.ReleasePolicy;
import org.gfctl.policy.release.ReleaseRule;
import org.gfctl.policy.release.VolumeMatch;

/** Checks the {@code spec} of a {@code ReleasePolicy} and builds the policy from it. */
public final class ReleaseSpecReader {
    private ReleaseSpecReader() {}

    /** The policy, or {@code null} if {@code errors} gained any error (or {@code metadata} is null). */
    public static ReleasePolicy read(Metadata metadata, Node spec, Errors errors) {
        int before = errors.size();
        Fields f = Fields.of(spec, "spec", errors, "rules", "maxHealthCertificateAge", "allowCaching");
        if (f == null) {
            return null;
        }
        List<ReleaseRule> rules = new ArrayList<>();
        List<Node> items = f.list("rules", true);
        if (items != null && items.isEmpty()) {
            errors.add(f.node("rules"), f.path("rules"), "needs at least one rule; without one no key is ever released");
        }
        for (int i = 0; items != null && i < items.size(); i++) {
            rule(items.get(i), Errors.index(f.path("rules"), i), errors).ifPresent(rules::add);
        }
        Duration maxAge = f.duration("maxHealthCertificateAge", ReleasePolicy.MAX_AGE_LIMIT);
        Boolean caching = f.bool("allowCaching");
        if (errors.size() > before || metadata == null) {
            return null;
        }
        return new ReleasePolicy(metadata, rules, maxAge == null ? ReleasePolicy.DEFAULT_MAX_AGE : maxAge,
                Boolean.TRUE.equals(caching));
    }

    private static Optional<ReleaseRule> rule(Node node, String path, Errors errors) {
        int before = errors.size();
        Fields f = Fields.of(node, path, errors, "name", "hostGroups", "volumes");
        if (f == null) {
            return Optional.empty();
        }
        String name = f.string("name", false);
        if (name != null && Metadata.nameProblem(name) != null) {
            errors.add(f.node("name"), f.path("name"), Metadata.nameProblem(name));
        }
        List<String> groups = strings(f, "hostGroups", true);
        if (groups != null && groups.isEmpty()) {
            errors.add(f.node("hostGroups"), f.path("hostGroups"), "needs at least one host group (globs allowed)");
        }
        VolumeMatch volumes = null;
        Node v = f.required("volumes");
        if (v != null) {
            volumes = volumes(v, f.path("volumes"), errors);
        }
        if (errors.size() > before || volumes == null) {
            return Optional.empty();
        }
        return Optional.of(new ReleaseRule(Optional.ofNullable(name), groups, volumes));
    }

    private static VolumeMatch volumes(Node node, String path, Errors errors) {
        int before = errors.size();
        Fields f = Fields.of(node, path, errors, "names", "owners", "labels");
        if (f == null) {
            return null;
        }
        List<String> names = strings(f, "names", false);
        List<String> owners = strings(f, "owners", false);
        for (int i = 0; owners != null && i < owners.size(); i++) {
            String problem = Hex.problem(owners.get(i), 32, "owner certificate sha256 fingerprint");
            if (problem != null) {
                String p = Errors.index(f.path("owners"), i);
                errors.add(((Node.Sequence) f.node("owners")).items().get(i), p, problem);
            }
        }
        Map<String, String> labels = labels(f);
        if (errors.size() == before && (names == null || names.isEmpty()) && (owners == null || owners.isEmpty())
                && labels.isEmpty()) {
            errors.add(node, path, "must name at least one of names, owners, labels (names: [\"*\"] for every volume)");
        }
        if (errors.size() > before) {
            return null;
        }
        return new VolumeMatch(names == null ? List.of() : names, owners == null ? List.of() : owners, labels);
    }

    private static Map<String, String> labels(Fields f) {
        Map<String, String> labels = new LinkedHashMap<>();
        Node node = f.node("labels");
        if (node == null) {
            return labels;
        }
        if (!(node instanceof Node.Mapping m)) {
            f.errors().add(node, f.path("labels"), "must map label names to values, not " + node.describe());
            return labels;
        }
        for (Node.Mapping.Entry e : m.entries().values()) {
            String value = Fields.text(e.value(), Errors.field(f.path("labels"), e.key()), f.errors());
            if (value != null) {
                labels.put(e.key(), value);
            }
        }
        return labels;
    }

    /** A list of non-empty strings, or null (error reported) if it is not one. */
    private static List<String> strings(Fields f, String key, boolean required) {
        List<Node> items = f.list(key, required);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String p = Errors.index(f.path(key), i);
            String text = Fields.text(items.get(i), p, f.errors());
            if (text != null && text.isEmpty()) {
                f.errors().add(items.get(i), p, "must not be empty");
            } else if (text != null) {
                out.add(text);
            }
        }
        return out;
    }
}
