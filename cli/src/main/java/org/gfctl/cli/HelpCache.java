package org.gfctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code gfctl --help}, rendered once at build time and shipped in the jar.
 *
 * <p>The top-level help is the most-run command and the slowest of the short ones: picocli lays
 * out 14 commands' text on every call. Help has a fixed 80-column width, so the text is the same
 * on every machine; a test checks that the cached copy equals a live rendering.
 */
public final class HelpCache {
    static final String RESOURCE = "/gfctl-help.txt";

    private HelpCache() {}

    /** Prints the cached help; false if the jar has none (then picocli renders it). */
    static boolean print(PrintStream out) {
        try (InputStream in = HelpCache.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return false;
            }
            out.write(in.readAllBytes());
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The help as picocli renders it now. */
    static String render() {
        StringWriter out = new StringWriter();
        Gfctl.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--help");
        return out.toString();
    }

    /** Build-time entry: writes the rendered help into the given classes directory. */
    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(args[0]).resolve(RESOURCE.substring(1)), render(), StandardCharsets.UTF_8);
    }
}
