package org.gfctl.policy.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * Writes a policy tree as canonical JSON or YAML and digests it.
 *
 * <p>The tree is made of insertion-ordered maps, so the output order is the one the policy
 * classes chose; no mapper feature (sorting, indentation) is involved in the JSON form.
 */
public final class Canonical {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());

    private Canonical() {}

    public static String json(Map<String, Object> tree) {
        return write(JSON, tree);
    }

    public static String yaml(Map<String, Object> tree) {
        return write(YAML, tree);
    }

    public static String sha256(String text) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String write(ObjectMapper mapper, Map<String, Object> tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a policy tree holds only maps, lists and scalars", e);
        }
    }
}
