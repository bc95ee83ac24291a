package org.gfctl.core.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.gfctl.core.Bug;
import org.gfctl.policy.compliance.Control;
import org.gfctl.policy.compliance.Framework;

/**
 * The report as an OSCAL 1.1.3 assessment-results document: one result per framework.
 *
 * <p>Each measured {@link Observation} becomes an OSCAL observation (methods TEST/EXAMINE,
 * subjects, relevant evidence pointing at a back-matter resource that carries the SHA-256 of the
 * rows measured); each mapped control gets a finding whose target status is the capability's
 * finding. Not-applicable capabilities have no OSCAL state and are explained in the result's
 * remarks. The assessment plan is not modelled yet, so {@code import-ap} points at a placeholder
 * fragment, which the schema accepts (OSCAL assessment-results, {@code import-ap/href}).
 */
public final class OscalReport implements ReportFormat {
    /** The OSCAL release the output declares and is validated against. */
    public static final String OSCAL_VERSION = "1.1.3";
    static final String NS = "urn:gfctl:oscal";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Supplier<UUID> uuids;

    /** @param uuids source of v4 UUIDs: {@link Uuids#random()}, or {@link Uuids#seeded} in tests */
    public OscalReport(Supplier<UUID> uuids) {
        this.uuids = uuids;
    }

    @Override
    public String render(ComplianceReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode ar = root.putObject("assessment-results");
        ar.put("uuid", uuid());
        ObjectNode meta = ar.putObject("metadata");
        meta.put("title", "gfctl compliance report for fabric " + r.fabricId());
        meta.put("last-modified", r.generatedAt().toString());
        meta.put("version", "1");
        meta.put("oscal-version", OSCAL_VERSION);
        meta.putArray("props").addObject().put("name", "fabric-id").put("ns", NS).put("value", r.fabricId());
        meta.put("remarks", "Measured from the fabric store " + r.store() + " by gfctl audit report.");
        ar.putObject("import-ap").put("href", "#gfctl-assessment-plan")
                .put("remarks", "gfctl does not model an assessment plan yet; the rules are in docs/compliance.md.");
        ArrayNode results = ar.putArray("results");
        ArrayNode resources = MAPPER.createArrayNode();
        for (FrameworkResult f : r.frameworks()) {
            result(results.addObject(), f, r, resources);
        }
        if (!resources.isEmpty()) {
            ar.putObject("back-matter").set("resources", resources);
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new Bug("a tree of strings serializes", e);
        }
    }

    private void result(ObjectNode n, FrameworkResult f, ComplianceReport r, ArrayNode resources) {
        Framework fw = f.framework();
        n.put("uuid", uuid());
        n.put("title", fw.title());
        n.put("description", "Shielded-VM capabilities of fabric " + r.fabricId() + " assessed against " + fw.title()
                + " (" + fw.id() + ").");
        n.put("start", r.generatedAt().toString());
        n.put("end", r.generatedAt().toString());
        Set<String> reviewed = new LinkedHashSet<>();
        f.capabilities().forEach(c -> c.controls().forEach(x -> reviewed.add(fw.oscalId(x))));
        ArrayNode include = n.putObject("reviewed-controls").putArray("control-selections").addObject()
                .putArray("include-controls");
        reviewed.forEach(id -> include.addObject().put("control-id", id));
        ArrayNode observations = n.putArray("observations");
        ArrayNode findings = n.putArray("findings");
        List<String> remarks = new ArrayList<>();
        for (CapabilityResult c : f.capabilities()) {
            List<String> ids = new ArrayList<>();
            for (Observation o : c.assessment().observations()) {
                ids.add(observation(observations.addObject(), o, r, resources));
            }
            Finding finding = c.assessment().finding();
            if (finding == Finding.NOT_APPLICABLE) {
                remarks.add(c.capability().title() + ": not applicable, " + c.assessment().reason() + ".");
            }
            if (c.notMapped() != null) {
                remarks.add(c.capability().title() + ": " + c.notMapped());
            }
            c.notes().forEach(x -> remarks.add(c.capability().title() + ": NOTE " + x));
            if (finding == Finding.NOT_APPLICABLE) {
                continue;
            }
            for (Control x : c.controls()) {
                finding(findings.addObject(), fw, x, c, ids);
            }
        }
        if (findings.isEmpty()) {
            n.remove("findings");
        }
        if (!remarks.isEmpty()) {
            n.put("remarks", String.join("\n\n", remarks));
        }
    }

    private String observation(ObjectNode n, Observation o, ComplianceReport r, ArrayNode resources) {
        String id = uuid();
        n.put("uuid", id);
        n.put("title", o.title());
        n.put("description", o.description());
        n.putArray("methods").add(o.method().name());
        if (!o.subjects().isEmpty()) {
            ArrayNode subjects = n.putArray("subjects");
            for (Observation.Subject s : o.subjects()) {
                subjects.addObject().put("subject-uuid", Uuids.v5(s.id()).toString()).put("type", s.type())
                        .put("title", s.title());
            }
        }
        if (o.digest() != null) {
            String resource = uuid();
            ObjectNode res = resources.addObject();
            res.put("uuid", resource);
            res.put("title", o.digestOf());
            ObjectNode rlink = res.putArray("rlinks").addObject();
            rlink.put("href", "gfctl-evidence:" + o.key());
            rlink.putArray("hashes").addObject().put("algorithm", "SHA-256").put("value", o.digest());
            ObjectNode ev = n.putArray("relevant-evidence").addObject();
            ev.put("href", "#" + resource);
            ev.putArray("props").addObject().put("name", "sha256").put("ns", NS).put("value", o.digest());
            ev.put("description", "SHA-256 of " + o.digestOf());
        }
        n.put("collected", r.generatedAt().toString());
        return id;
    }

    private void finding(ObjectNode n, Framework fw, Control x, CapabilityResult c, List<String> observations) {
        n.put("uuid", uuid());
        n.put("title", x.id() + " " + x.title());
        Finding f = x.notMetBy() != null ? Finding.NOT_SATISFIED : c.assessment().finding();
        n.put("description", c.capability().title() + ": " + c.assessment().reason() + "."
                + (x.notMetBy() != null ? " Not satisfied by this evidence: " + x.notMetBy() + "." : ""));
        ObjectNode target = n.putObject("target");
        target.put("type", "objective-id");
        target.put("target-id", fw.oscalId(x));
        ObjectNode status = target.putObject("status");
        status.put("state", f.oscalState());
        status.put("reason", f == Finding.SATISFIED ? "pass" : "fail");
        ArrayNode related = n.putArray("related-observations");
        observations.forEach(o -> related.addObject().put("observation-uuid", o));
        if (!c.notes().isEmpty()) {
            n.put("remarks", String.join("\n\n", c.notes()));
        }
    }

    private String uuid() {
        return uuids.get().toString();
    }
}
