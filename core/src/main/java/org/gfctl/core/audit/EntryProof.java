package org.gfctl.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfctl.core.IntegrityException;

/**
 * A self-contained inclusion proof for one audit entry: its canonical bytes, leaf index, the RFC
 * 6962 audit path and the signed checkpoint it leads to, as one JSON document.
 *
 * <p>The document carries the signer's certificate fingerprint but not the certificate: whoever
 * checks it must bring the guardian's audit certificate from a source they trust
 * ({@link ProofChecker}); a certificate inside the proof would vouch for itself. The {@code entry}
 * member repeats the fields for readers; the checker insists it matches the bytes.
 */
public final class EntryProof {
    /** The {@code format} member of every proof document. */
    public static final String FORMAT = "gfctl-audit-inclusion-proof/v1";
    private static final HexFormat HEX = HexFormat.of();
    private final byte[] entryBytes;
    private final long leafIndex;
    private final long treeSize;
    private final List<byte[]> path;
    private final Checkpoint checkpoint;
    private final Map<String, Object> shown;

    private EntryProof(byte[] entryBytes, long leafIndex, long treeSize, List<byte[]> path, Checkpoint checkpoint,
            Map<String, Object> shown) {
        this.entryBytes = entryBytes;
        this.leafIndex = leafIndex;
        this.treeSize = treeSize;
        this.path = path;
        this.checkpoint = checkpoint;
        this.shown = shown;
    }

    static EntryProof create(AuditEntry entry, byte[] entryBytes, long treeSize, List<byte[]> path, Checkpoint k) {
        return new EntryProof(entryBytes.clone(), entry.seq(), treeSize, List.copyOf(path), k, fields(entry));
    }

    /**
     * Reads a proof document. Anything malformed is an integrity failure (exit 4): a proof that
     * cannot be read proves nothing.
     */
    public static EntryProof parse(byte[] json) {
        try {
            JsonNode n = new ObjectMapper().readTree(json);
            if (n == null || !FORMAT.equals(n.path("format").asText())) {
                throw new IntegrityException("not an audit inclusion proof: its format must be " + FORMAT);
            }
            JsonNode k = n.required("checkpoint");
            // "prev" only in a chained checkpoint's proof: its note signs the predecessor's digest too
            JsonNode prev = k.get("prev");
            Checkpoint checkpoint = Checkpoint.of(k.required("number").asLong(), k.required("treeSize").asLong(),
                    HEX.parseHex(k.required("root").asText()), k.required("time").asText(),
                    Base64.getDecoder().decode(k.required("signature").asText()), k.required("signer").asText(),
                    prev == null || prev.isNull() ? null : HEX.parseHex(prev.asText()));
            List<byte[]> path = new ArrayList<>();
            n.required("auditPath").forEach(h -> path.add(HEX.parseHex(h.asText())));
            Map<String, Object> shown = new ObjectMapper().convertValue(n.required("entry"),
                    new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
            return new EntryProof(Base64.getDecoder().decode(n.required("entryBytes").asText()),
                    n.required("leafIndex").asLong(), n.required("treeSize").asLong(), path, checkpoint, shown);
        } catch (IOException | IllegalArgumentException e) {
            throw new IntegrityException("the audit inclusion proof is malformed: " + e.getMessage(), e);
        }
    }

    /** The proof as a JSON-ready map, members in a fixed order. */
    public Map<String, Object> toMap() {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("number", checkpoint.number());
        k.put("treeSize", checkpoint.treeSize());
        k.put("root", HEX.formatHex(checkpoint.root()));
        k.put("time", checkpoint.time());
        k.put("signature", Base64.getEncoder().encodeToString(checkpoint.signature()));
        k.put("signer", checkpoint.signer());
        if (checkpoint.prev() != null) {
            k.put("prev", HEX.formatHex(checkpoint.prev()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("entry", shown);
        m.put("entryBytes", Base64.getEncoder().encodeToString(entryBytes));
        m.put("leafIndex", leafIndex);
        m.put("treeSize", treeSize);
        m.put("auditPath", path.stream().map(HEX::formatHex).toList());
        m.put("checkpoint", k);
        return m;
    }

    byte[] entryBytes() {
        return entryBytes.clone();
    }

    public long leafIndex() {
        return leafIndex;
    }

    public long treeSize() {
        return treeSize;
    }

    List<byte[]> path() {
        return path;
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    Map<String, Object> shown() {
        return shown;
    }

    /** The entry's fields as shown in proofs and {@code audit log -o json}. */
    public static Map<String, Object> fields(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        AuditEvent v = e.event();
        m.put("seq", e.seq());
        m.put("time", e.timeText());
        m.put("actor", v.actor());
        m.put("actorKey", v.actorKey());
        m.put("role", v.role().id());
        m.put("action", v.action());
        m.put("object", v.object());
        m.put("result", v.result());
        m.put("exitCode", v.exitCode());
        m.put("evidence", v.evidenceDigest());
        return m;
    }
}
