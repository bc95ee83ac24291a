package org.gfctl.testing;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The official OSCAL 1.1.3 assessment-results JSON schema, as NIST's liboscal-java ships it.
 *
 * <p>Resource {@code schema/json/oscal-ar_schema.json} of {@code dev.metaschema.oscal:liboscal-java}
 * ({@code $id} {@code http://csrc.nist.gov/ns/oscal/1.0/oscal-ar-1.1.3-schema.json}), a draft-07
 * schema, checked with networknt's validator configured for draft-07.
 *
 * <p>One adjustment, no loosening: the generated schema has a stray {@code "id": {"$ref": ...}}
 * inside a few property schemas (metaschema-java's generator writes the draft-04 {@code id} name).
 * Draft-07 has no {@code id} keyword, so the specification says to ignore it; the validator's
 * draft-07 dialect would instead reject the schema, so {@code id} is declared a non-validating
 * keyword. Every other keyword, format and pattern is enforced as published.
 */
public final class OscalSchema {
    public static final String RESOURCE = "/schema/json/oscal-ar_schema.json";
    private static Schema schema;

    private OscalSchema() {}

    /** The validation errors of {@code json}, empty if it is a valid assessment-results document. */
    public static synchronized List<String> errors(String json) {
        if (schema == null) {
            try (InputStream in = OscalSchema.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " missing: liboscal-java must be on the test class path");
                }
                Dialect draft7 = Dialect.builder(Dialects.getDraft7()).keyword(new NonValidationKeyword("id")).build();
                schema = SchemaRegistry.withDefaultDialect(draft7).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schema.validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    /** The {@code $id} of the schema, to prove which OSCAL release it is. */
    public static String id() throws IOException {
        try (InputStream in = OscalSchema.class.getResourceAsStream(RESOURCE)) {
            String text = new String(in.readNBytes(400), java.nio.charset.StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"\\$id\"\\s*:\\s*\"([^\"]+)\"").matcher(text);
            return m.find() ? m.group(1) : null;
        }
    }
}
