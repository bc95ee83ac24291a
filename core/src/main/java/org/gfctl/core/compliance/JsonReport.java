package org.gfctl.core.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gfctl.core.Bug;
import org.gfctl.policy.compliance.Control;

/**
 * The report as one JSON document with a stable field order, for scripts and dashboards.
 *
 * <p>Built node by node rather than by reflection so that renaming a Java field never changes
 * the document's shape (a golden file guards it).
 */
public final class JsonReport implements ReportFormat {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String render(ComplianceReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("fabricId", r.fabricId());
        root.put("generatedAt", r.generatedAt().toString());
        root.put("store", r.store());
        ObjectNode s = root.putObject("settings");
        s.put("cryptoperiodDays", r.settings().cryptoperiod().toDays());
        s.put("verificationWindowDays", r.settings().verificationWindow().toDays());
        s.put("periodDays", r.settings().period().toDays());
        ObjectNode audit = root.putObject("audit");
        audit.put("available", r.audit() != null);
        r.auditSummary().ifPresent(a -> {
            audit.put("intact", a.intact());
            audit.put("entries", a.entries());
            audit.put("lastCheckpointAt", a.lastCheckpointAt() == null ? null : a.lastCheckpointAt().toString());
            audit.put("lastCheckpointRoot", a.lastCheckpointRoot());
            audit.put("explanation", a.explanation());
        });
        root.put("compliant", r.compliant());
        ArrayNode frameworks = root.putArray("frameworks");
        for (FrameworkResult f : r.frameworks()) {
            ObjectNode fn = frameworks.addObject();
            fn.put("id", f.framework().id());
            fn.put("title", f.framework().title());
            ArrayNode caps = fn.putArray("capabilities");
            for (CapabilityResult c : f.capabilities()) {
                capability(caps.addObject(), c);
            }
        }
        keys(root.putObject("keys"), r.keys());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new Bug("a tree of strings and numbers serializes", e);
        }
    }

    private static void capability(ObjectNode n, CapabilityResult c) {
        n.put("id", c.capability().id());
        n.put("title", c.capability().title());
        n.put("finding", c.assessment().finding().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        n.put("reason", c.assessment().reason());
        ArrayNode controls = n.putArray("controls");
        for (Control x : c.controls()) {
            ObjectNode o = controls.addObject().put("id", x.id()).put("title", x.title());
            if (x.notMetBy() != null) {
                o.put("finding", "not-satisfied").put("reason", x.notMetBy());
            }
        }
        if (c.notMapped() != null) {
            n.put("notMapped", c.notMapped());
        }
        ArrayNode notes = n.putArray("notes");
        c.notes().forEach(notes::add);
        ArrayNode evidence = n.putArray("evidence");
        for (Observation o : c.assessment().observations()) {
            ObjectNode e = evidence.addObject();
            e.put("key", o.key()).put("title", o.title()).put("method", o.method().name()).put("description", o.description());
            ArrayNode subjects = e.putArray("subjects");
            o.subjects().forEach(x -> subjects.addObject().put("type", x.type()).put("id", x.id()).put("title", x.title()));
            e.put("sha256", o.digest());
            e.put("sha256Of", o.digestOf());
        }
    }

    private static void keys(ObjectNode n, KeyInventory k) {
        n.put("cryptoperiodDays", k.cryptoperiod().toDays());
        ArrayNode volumes = n.putArray("volumes");
        for (KeyInventory.VolumeKey v : k.volumes()) {
            ObjectNode o = volumes.addObject();
            o.put("uuid", v.uuid()).put("name", v.name()).put("created", v.created().toString()).put("cipher", v.cipher())
                    .put("keyBits", v.keyBits());
            ArrayNode rc = o.putArray("recipients");
            v.recipients().forEach(rc::add);
            o.put("rotated", v.rotated() == null ? null : v.rotated().toString());
            o.put("cryptoperiodEnds", v.cryptoperiodEnd().toString());
            o.put("cryptoperiodExceeded", v.exceeded());
        }
        ArrayNode guardian = n.putArray("guardian");
        for (GuardianCertificate g : k.guardian()) {
            guardian.addObject().put("role", g.role()).put("subject", g.subject()).put("fingerprint", g.fingerprint())
                    .put("notBefore", g.notBefore().toString()).put("notAfter", g.notAfter().toString());
        }
        ArrayNode history = n.putArray("guardianHistory");
        for (GuardianKeyEvent e : k.guardianHistory()) {
            history.addObject().put("entry", e.seq()).put("time", e.time().toString()).put("action", e.action())
                    .put("keyFingerprint", e.keyFingerprint()).put("result", e.result());
        }
        n.put("guardianHistoryVerified", k.guardianHistoryVerified());
        n.put("guardianEventsUnsigned", k.guardianEventsUnsigned());
        n.put("guardianInUseSince", k.guardianInUseSince() == null ? null : k.guardianInUseSince().toString());
        n.put("guardianRotateBy", k.guardianRotateBy() == null ? null : k.guardianRotateBy().toString());
        n.put("guardianCryptoperiodExceeded", k.guardianExceeded());
    }
}
