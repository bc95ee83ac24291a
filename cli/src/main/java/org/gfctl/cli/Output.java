package org.gfctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Renders a command's result in the format chosen with {@code -o}.
 *
 * <p>With {@code -o json} or {@code -o yaml} exactly one document goes to stdout; human text
 * (progress, notes) goes to stderr and is suppressed. Jackson is touched only in those modes, so
 * that text commands start fast.
 */
public final class Output {
    private final GfctlCommand global;
    private final PrintWriter out;
    private final PrintWriter err;

    private Output(GfctlCommand global, PrintWriter out, PrintWriter err) {
        this.global = global;
        this.out = out;
        this.err = err;
    }

    static Output of(CommandLine cl) {
        GfctlCommand global = (GfctlCommand) cl.getCommandSpec().root().userObject();
        return new Output(global, cl.getOut(), cl.getErr());
    }

    /**
     * A JSON/YAML object whose members come out in the order given ({@code name, value, name,
     * value, ...}), run after run. {@code Map.of} iterates in an order that changes with every JVM,
     * so two runs of the same command printed the same object differently.
     */
    public static java.util.Map<String, Object> fields(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields takes name, value pairs");
        }
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (m.put((String) namesAndValues[i], namesAndValues[i + 1]) != null) {
                throw new IllegalArgumentException("duplicate member " + namesAndValues[i]);
            }
        }
        return m;
    }

    /** Emits {@code data} as JSON/YAML, or calls {@code text} to print it for humans. */
    public void result(Object data, Consumer<PrintWriter> text) {
        switch (global.output()) {
            case json -> document(new ObjectMapper(), data);
            case yaml -> document(new ObjectMapper(new YAMLFactory()), data);
            case text -> text.accept(out);
        }
        out.flush();
    }

    /**
     * Emits a stream of records: with {@code -o json} one compact JSON object per line (JSON lines,
     * the one exception to "one JSON document", for logs too long to hold), with {@code -o yaml} one
     * YAML sequence, as text through {@code text}.
     */
    public <T> void records(java.util.function.Consumer<java.util.function.Consumer<T>> source,
            java.util.function.Function<T, Object> data, java.util.function.BiConsumer<PrintWriter, T> text) {
        // Buffered, not flushed per line (stdout's writer flushes on every println: one write call per
        // record); what was listed before a failure is still written, then the failure reported.
        PrintWriter lines = new PrintWriter(new java.io.BufferedWriter(out, 1 << 16), false);
        try {
            switch (global.output()) {
                case json -> {
                    ObjectMapper mapper = new ObjectMapper();
                    source.accept(r -> {
                        try {
                            lines.println(mapper.writeValueAsString(data.apply(r)));
                        } catch (JsonProcessingException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
                case yaml -> {
                    java.util.List<Object> all = new java.util.ArrayList<>();
                    source.accept(r -> all.add(data.apply(r)));
                    document(new ObjectMapper(new YAMLFactory()), all);
                }
                case text -> source.accept(r -> text.accept(lines, r));
            }
        } finally {
            lines.flush();
            out.flush();
        }
    }

    /** A note for a human on stderr; nothing with {@code -q} or a machine format. */
    public void note(String message) {
        if (!global.quiet()) {
            err.println(message);
            err.flush();
        }
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public boolean quiet() {
        return global.quiet();
    }

    private void document(ObjectMapper mapper, Object data) {
        try {
            out.println(mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code data} as one line of JSON (the details of an error document). */
    static String compactJson(Object data) {
        try {
            return new ObjectMapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
