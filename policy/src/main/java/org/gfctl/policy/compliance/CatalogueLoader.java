package org.gfctl.policy.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the compliance catalogue from YAML into immutable records, strictly.
 *
 * <p>Unknown fields are errors (a misspelt {@code notApplicable} must not silently drop a
 * reason), and the loader checks what the schema cannot: unique ids, every framework mapping
 * every capability exactly once with controls or a reason, and no control without a title.
 */
public final class CatalogueLoader {
    /** The built-in catalogue's class-path resource. */
    public static final String RESOURCE = "/compliance/catalogue.yaml";
    static final String API_VERSION = "gfctl.io/v1";
    static final String KIND = "ComplianceCatalogue";

    private record Document(String apiVersion, String kind, Thresholds thresholds, List<Capability> capabilities,
            List<Framework> frameworks) {}

    private CatalogueLoader() {}

    /** The catalogue shipped with gfctl. */
    public static Catalogue builtIn() {
        try (InputStream in = CatalogueLoader.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new CatalogueException("the compliance catalogue " + RESOURCE + " is missing from the class path", null);
            }
            return parse(RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CatalogueException("cannot read the compliance catalogue " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The catalogue in {@code yaml}; {@code source} names it in error messages. */
    public static Catalogue parse(String source, String yaml) {
        Document d;
        try {
            d = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build().readValue(yaml, Document.class);
        } catch (JsonProcessingException e) {
            throw new CatalogueException(source + ": " + e.getOriginalMessage() + location(e), e);
        }
        List<String> errors = new ArrayList<>();
        check(d, errors);
        if (!errors.isEmpty()) {
            throw new CatalogueException(source + ": invalid compliance catalogue:\n  " + String.join("\n  ", errors), null);
        }
        return new Catalogue(d.thresholds() != null ? d.thresholds() : Thresholds.DEFAULTS, d.capabilities(),
                d.frameworks());
    }

    private static void check(Document d, List<String> errors) {
        if (!API_VERSION.equals(d.apiVersion()) || !KIND.equals(d.kind())) {
            errors.add("must start with apiVersion: " + API_VERSION + " and kind: " + KIND + ", not " + d.apiVersion()
                    + " / " + d.kind());
        }
        Thresholds t = d.thresholds();
        if (t != null && (t.cryptoperiodDays() <= 0 || t.verificationWindowDays() <= 0 || t.periodDays() <= 0)) {
            errors.add("thresholds: cryptoperiodDays, verificationWindowDays and periodDays must be positive whole days");
        }
        if (d.capabilities() == null || d.capabilities().isEmpty() || d.frameworks() == null || d.frameworks().isEmpty()) {
            errors.add("capabilities and frameworks must both be non-empty lists");
            return;
        }
        Set<String> capabilities = new HashSet<>();
        for (Capability c : d.capabilities()) {
            require(c.id(), "capabilities[].id", errors);
            require(c.title(), "capability " + c.id() + ": title", errors);
            require(c.evidence(), "capability " + c.id() + ": evidence", errors);
            if (!capabilities.add(c.id())) {
                errors.add("capability " + c.id() + " is defined twice");
            }
        }
        Set<String> frameworks = new HashSet<>();
        for (Framework f : d.frameworks()) {
            require(f.id(), "frameworks[].id", errors);
            require(f.title(), "framework " + f.id() + ": title", errors);
            if (!frameworks.add(f.id()) || Catalogue.ALL.equals(f.id())) {
                errors.add("framework id " + f.id() + " is defined twice or reserved");
            }
            checkMappings(f, capabilities, errors);
        }
    }

    private static void checkMappings(Framework f, Set<String> capabilities, List<String> errors) {
        Set<String> mapped = new HashSet<>();
        for (Mapping m : f.mappings()) {
            String where = "framework " + f.id() + ", capability " + m.capability();
            if (!capabilities.contains(m.capability())) {
                errors.add(where + ": no such capability (known: " + String.join(", ", capabilities) + ")");
            }
            if (!mapped.add(m.capability())) {
                errors.add(where + ": mapped twice");
            }
            boolean hasReason = m.notApplicable() != null && !m.notApplicable().isBlank();
            if (m.controls().isEmpty() == !hasReason) {
                errors.add(where + ": needs either controls or a notApplicable reason, not " + (hasReason ? "both" : "neither"));
            }
            for (Control c : m.controls()) {
                require(c.id(), where + ": controls[].id", errors);
                require(c.title(), where + ": control " + c.id() + ": title", errors);
                if (c.id() != null && !c.id().isBlank() && !f.oscalId(c).matches("^(\\p{L}|_)(\\p{L}|\\p{N}|[.\\-_])*$")) {
                    errors.add(where + ": control " + c.id() + " does not make an OSCAL token (" + f.oscalId(c)
                            + "): set controlIdPrefix");
                }
            }
        }
        for (String c : capabilities) {
            if (!mapped.contains(c)) {
                errors.add("framework " + f.id() + " does not map capability " + c + " (give controls or notApplicable)");
            }
        }
    }

    private static void require(String value, String what, List<String> errors) {
        if (value == null || value.isBlank()) {
            errors.add(what + " is required");
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
