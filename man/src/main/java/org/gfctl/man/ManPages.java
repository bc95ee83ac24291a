package org.gfctl.man;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gfctl.cli.Gfctl;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build-time step: turns picocli's generated AsciiDoc pages into the man page sources.
 *
 * <p>picocli's ManPageGenerator knows the options; it cannot know what a reader needs beyond
 * them. Each page keeps picocli's NAME … COMMANDS sections, drops its terse exit-code list and
 * footer, and gains the hand-written EXIT STATUS, EXAMPLES (when the command has some), and, on
 * {@code gfctl(1)}, ENVIRONMENT and FILES, then SEE ALSO. Hand-written parts live in
 * {@code src/main/asciidoc}; examples are {@code examples/PAGE.adoc}.
 */
public final class ManPages {

    private static final Pattern GENERATED_TAIL = Pattern.compile(
            "(?s)// tag::picocli-generated-man-section-exit-status\\[].*// end::picocli-generated-man-section-footer\\[]");

    /** An option or parameter without a description: its term would merge with the next one. */
    private static final Pattern EMPTY_ITEM = Pattern.compile("::\\n  \\n");

    /** A command without a description gets no empty DESCRIPTION heading. */
    private static final Pattern EMPTY_DESCRIPTION = Pattern.compile("== Description\\n\\n(?=// end::)");

    private ManPages() {}

    /**
     * Args: directory for picocli's pages, directory of hand-written parts, output directory.
     *
     * <p>picocli's pages are generated from {@link Gfctl#commandLine()}, the whole tree, not from
     * {@code GfctlCommand}'s annotation: the top-level commands are added in code (a command line
     * gets only the commands it names), so the annotation lists none.
     */
    public static void main(String[] args) throws IOException {
        Path generated = Files.createDirectories(Path.of(args[0]));
        Path parts = Path.of(args[1]);
        Path out = Files.createDirectories(Path.of(args[2]));
        ManPageGenerator.generateManPage(generated.toFile(), null, new boolean[0], true,
                Gfctl.commandLine().getCommandSpec());
        for (Map.Entry<String, CommandSpec> page : pages().entrySet()) {
            String name = page.getKey();
            Path source = generated.resolve(name + ".adoc");
            if (!Files.exists(source)) {
                throw new IllegalStateException("picocli generated no page " + source + " for '"
                        + page.getValue().qualifiedName() + "'");
            }
            Files.writeString(out.resolve(name + ".adoc"), assemble(name, page.getValue(), Files.readString(source), parts));
        }
    }

    /** Every command of the model by its man page name ({@code gfctl-key-reveal}), root first. */
    public static Map<String, CommandSpec> pages() {
        Map<String, CommandSpec> pages = new TreeMap<>();
        collect(Gfctl.commandLine(), pages);
        return pages;
    }

    private static void collect(CommandLine cl, Map<String, CommandSpec> pages) {
        if (cl.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        pages.put(pageName(cl.getCommandSpec()), cl.getCommandSpec());
        cl.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, pages));
    }

    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    private static String assemble(String name, CommandSpec spec, String generated, Path parts) throws IOException {
        String kept = GENERATED_TAIL.matcher(generated).replaceFirst("");
        kept = EMPTY_ITEM.matcher(kept).replaceAll("::\n  {nbsp}\n");
        kept = EMPTY_DESCRIPTION.matcher(kept).replaceFirst("");
        StringBuilder page = new StringBuilder(kept);
        page.append('\n').append(Files.readString(parts.resolve("exit-status.adoc")));
        if (spec.parent() == null) {
            page.append('\n').append(Files.readString(parts.resolve("environment.adoc")));
            page.append('\n').append(Files.readString(parts.resolve("files.adoc")));
        }
        Path examples = parts.resolve("examples").resolve(name + ".adoc");
        if (Files.exists(examples)) {
            page.append("\n== Examples\n\n").append(Files.readString(examples));
        }
        page.append('\n').append(seeAlso(spec));
        return page.toString();
    }

    private static String seeAlso(CommandSpec spec) {
        List<String> refs = new ArrayList<>();
        if (spec.parent() != null) {
            refs.add("*" + pageName(spec.root()) + "*(1)");
            if (spec.parent() != spec.root()) {
                refs.add("*" + pageName(spec.parent()) + "*(1)");
            }
        }
        try (Stream<CommandSpec> subs = spec.subcommands().values().stream().map(CommandLine::getCommandSpec).distinct()) {
            subs.forEach(sub -> refs.add("*" + pageName(sub) + "*(1)"));
        }
        refs.add("*cryptsetup*(8)");
        refs.add("*qemu-img*(1)");
        StringBuilder s = new StringBuilder("== See also\n\n").append(String.join(", ", refs)).append('\n');
        if (spec.parent() != null) {
            s.append("\nEnvironment variables and files are described in *gfctl*(1).\n");
        }
        return s.toString();
    }
}
