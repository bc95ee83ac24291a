package org.gfctl.policy;

import java.util.Map;
import org.gfctl.policy.internal.Canonical;

/**
 * A parsed, valid policy document of any kind.
 *
 * <p>Every kind has one tree form ({@link #toTree()}): the YAML writer, the canonical JSON and
 * therefore the digest are all derived from it, so they cannot disagree.
 */
public interface PolicyDocument {

    /** The API version every document of this release carries. */
    String API_VERSION = "gfctl.io/v1";

    /** {@code AttestationPolicy}, {@code ReleasePolicy} or {@code CompliancePolicy}. */
    String kind();

    Metadata metadata();

    default String name() {
        return metadata().name();
    }

    /**
     * The whole document as ordered maps, lists, strings, booleans and integers, with every
     * default written out; the fixed field order makes it canonical.
     */
    Map<String, Object> toTree();

    /** Compact JSON of {@link #toTree()}: the bytes {@link #digest()} is computed over. */
    default String canonicalJson() {
        return Canonical.json(toTree());
    }

    /**
     * Lower-case hex SHA-256 of {@link #canonicalJson()} (UTF-8).
     *
     * <p>Health certificates carry it, so that a verifier can tell exactly which policy a host
     * was judged by; formatting or comments in the YAML do not change it.
     */
    default String digest() {
        return Canonical.sha256(canonicalJson());
    }

    /**
     * The tree of a document of {@code kind}: {@code apiVersion}, {@code kind}, {@code metadata}
     * (its name, and its description if any), then {@code spec}, in that order; every kind's
     * {@link #toTree()} is this around its own spec.
     */
    static Map<String, Object> tree(String kind, Metadata metadata, Map<String, Object> spec) {
        Map<String, Object> meta = new java.util.LinkedHashMap<>();
        meta.put("name", metadata.name());
        metadata.description().ifPresent(d -> meta.put("description", d));
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("apiVersion", API_VERSION);
        doc.put("kind", kind);
        doc.put("metadata", meta);
        doc.put("spec", spec);
        return doc;
    }

    /** A YAML document that {@link PolicyLoader} reads back to an equal value. */
    default String toYaml() {
        return Canonical.yaml(toTree());
    }
}
