package org.gfctl.core.keyprotector;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.gfctl.core.Bug;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.InvalidFormatException;

/**
 * The signed JSON document of block 2: the metadata, the recipients and the envelope digest, in
 * one canonical form (fixed field order, no insignificant whitespace, UTF-8).
 *
 * <p>The signature covers these exact bytes, so the form only needs to be stable for humans and
 * tests (docs/key-protector.md lists the fields). Reading is strict: unknown or missing fields,
 * wrong types and a newer format version are rejected rather than guessed at.
 */
record MetadataDocument(KpMetadata metadata, List<KpRecipient> recipients, String envelopeSha256, int version) {
    /** The version written; version 1 (the leaf hashes inside the signed document) is still read. */
    static final int FORMAT_VERSION = 2;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> FIELDS = Set.of("formatVersion", "volumeUuid", "volumeName", "cipher",
            "keyBits", "luksHeaderSha256", "payloadOffset", "imageSize", "releasePolicy", "created", "recipients",
            "envelopeSha256", "integrity");
    private static final Set<String> INTEGRITY_FIELDS_V1 = Set.of("chunkSize", "leafCount", "merkleRoot", "leafHashes");
    private static final Set<String> INTEGRITY_FIELDS = Set.of("chunkSize", "leafCount", "merkleRoot", "headerLeaf",
            "headerPath");
    private static final Set<String> RECIPIENT_FIELDS = Set.of("subject", "sha256");

    /**
     * True once this class is initialised: its JSON mapper (Jackson, with the JDK's locale and
     * date-format data under it) takes ~0.1 s to set up in a fresh JVM, which {@link KeyProtector#seal}
     * moves off the end of shield-vm by calling this while the disk pass runs.
     */
    static boolean ready() {
        return MAPPER != null;
    }

    MetadataDocument(KpMetadata metadata, List<KpRecipient> recipients, String envelopeSha256) {
        this(metadata, recipients, envelopeSha256, FORMAT_VERSION);
    }

    MetadataDocument {
        recipients = List.copyOf(recipients);
        if (envelopeSha256 == null || !envelopeSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("envelope SHA-256 must be 64 lowercase hex digits");
        }
    }

    byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            KpMetadata m = metadata;
            g.writeStartObject();
            g.writeNumberField("formatVersion", FORMAT_VERSION);
            g.writeStringField("volumeUuid", m.volumeUuid().toString());
            g.writeStringField("volumeName", m.volumeName());
            g.writeStringField("cipher", m.cipher());
            g.writeNumberField("keyBits", m.keyBits());
            g.writeStringField("luksHeaderSha256", m.luksHeaderSha256());
            g.writeNumberField("payloadOffset", m.payloadOffset());
            g.writeNumberField("imageSize", m.imageSize());
            g.writeStringField("releasePolicy", m.releasePolicy());
            g.writeStringField("created", m.created().toString());
            g.writeArrayFieldStart("recipients");
            for (KpRecipient r : recipients) {
                g.writeStartObject();
                g.writeStringField("subject", r.subject());
                g.writeStringField("sha256", r.sha256());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("envelopeSha256", envelopeSha256);
            IntegrityManifest im = m.integrity();
            g.writeObjectFieldStart("integrity");
            g.writeNumberField("chunkSize", im.chunkSize());
            g.writeNumberField("leafCount", im.leafCount());
            g.writeStringField("merkleRoot", im.rootHex());
            g.writeStringField("headerLeaf", HexFormat.of().formatHex(im.headerLeaf()));
            g.writeArrayFieldStart("headerPath");
            for (byte[] sibling : im.headerPath()) {
                g.writeString(HexFormat.of().formatHex(sibling));
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new Bug("writing JSON to memory failed", e);
        }
        return out.toByteArray();
    }

    /** The document {@code json}; {@code leafBlock} is the key protector's block 3 text (format 2), or null. */
    static MetadataDocument parse(byte[] json, String leafBlock) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw malformed("the signed metadata is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw malformed("the signed metadata is not a JSON object");
        }
        long version = number(root, "formatVersion");
        if (version != 1 && version != FORMAT_VERSION) {
            throw malformed("format version " + version + " is not supported (this gfctl reads versions 1 and "
                    + FORMAT_VERSION + "; a newer gfctl may read it)");
        }
        requireFields(root, FIELDS, "");
        JsonNode in = root.get("integrity");
        requireFields(in, version == 1 ? INTEGRITY_FIELDS_V1 : INTEGRITY_FIELDS, "integrity.");
        try {
            IntegrityManifest manifest = version == 1 ? manifestV1(in) : manifestV2(in, leafBlock);
            KpMetadata metadata = new KpMetadata(UUID.fromString(text(root, "volumeUuid")), text(root, "volumeName"),
                    text(root, "cipher"), Math.toIntExact(number(root, "keyBits")), text(root, "luksHeaderSha256"),
                    number(root, "payloadOffset"), number(root, "imageSize"), text(root, "releasePolicy"),
                    Instant.parse(text(root, "created")), manifest);
            return new MetadataDocument(metadata, recipients(root.get("recipients")), text(root, "envelopeSha256"),
                    (int) version);
        } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
            throw malformed("invalid value: " + e.getMessage());
        }
    }

    /** Version 1: every leaf hash inside the signed document. */
    private static IntegrityManifest manifestV1(JsonNode in) {
        IntegrityManifest manifest = IntegrityManifest.create(Math.toIntExact(number(in, "chunkSize")),
                Base64.getDecoder().decode(text(in, "leafHashes")));
        if (manifest.leafCount() != number(in, "leafCount")) {
            throw new IntegrityException("key protector: the integrity manifest lists " + number(in, "leafCount")
                    + " leaves but holds " + manifest.leafCount() + " leaf hashes");
        }
        if (!manifest.rootHex().equals(text(in, "merkleRoot"))) {
            throw new IntegrityException("key protector: the integrity manifest's Merkle root does not match"
                    + " its leaf hashes");
        }
        return manifest;
    }

    /** Version 2: root, leaf 0 and its audit path signed; the payload leaves in block 3, checked on use. */
    private static IntegrityManifest manifestV2(JsonNode in, String leafBlock) {
        JsonNode path = in.get("headerPath");
        if (path == null || !path.isArray()) {
            throw malformed("integrity.headerPath must be an array");
        }
        List<byte[]> siblings = new ArrayList<>();
        for (JsonNode p : path) {
            if (!p.isTextual()) {
                throw malformed("integrity.headerPath must hold strings");
            }
            siblings.add(hash32(p.textValue(), "integrity.headerPath[]"));
        }
        return IntegrityManifest.signed(Math.toIntExact(number(in, "chunkSize")),
                Math.toIntExact(number(in, "leafCount")), hash32(text(in, "merkleRoot"), "integrity.merkleRoot"),
                hash32(text(in, "headerLeaf"), "integrity.headerLeaf"), siblings, leafBlock);
    }

    private static byte[] hash32(String hex, String field) {
        if (!hex.matches("[0-9a-f]{64}")) {
            throw malformed(field + " must be 64 lowercase hex digits");
        }
        return HexFormat.of().parseHex(hex);
    }

    private static List<KpRecipient> recipients(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw malformed("recipients must be a non-empty array");
        }
        List<KpRecipient> out = new ArrayList<>();
        for (JsonNode r : array) {
            requireFields(r, RECIPIENT_FIELDS, "recipients[].");
            out.add(new KpRecipient(text(r, "subject"), text(r, "sha256")));
        }
        return out;
    }

    private static void requireFields(JsonNode node, Set<String> expected, String prefix) {
        if (node == null || !node.isObject()) {
            throw malformed(prefix + " must be a JSON object");
        }
        Set<String> actual = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            actual.add(it.next());
        }
        if (!actual.equals(expected)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(actual);
            Set<String> unknown = new TreeSet<>(actual);
            unknown.removeAll(expected);
            throw malformed("fields " + prefix + "*: missing " + missing + ", unknown " + unknown);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw malformed(field + " must be a string");
        }
        return v.textValue();
    }

    private static long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw malformed(field + " must be an integer");
        }
        return v.longValue();
    }

    private static InvalidFormatException malformed(String why) {
        return new InvalidFormatException("key protector: malformed metadata: " + why);
    }
}
