package org.gfctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file assertions for generated text (help, completion scripts, JSON shapes).
 *
 * <p>Regenerate deliberately with {@code -Dgolden.update=true} and review the diff (STYLE.md §9).
 * Golden files live under the module's {@code src/test/resources/golden/}.
 */
public final class Golden {

    private Golden() {}

    /** Asserts that {@code actual} equals the golden file {@code name}, or rewrites it when updating. */
    public static void assertMatches(String name, String actual) {
        Path file = Path.of("src", "test", "resources", "golden", name);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
                return;
            }
            if (!Files.exists(file)) {
                throw new AssertionError("golden file " + file.toAbsolutePath()
                        + " is missing: run the test with -Dgolden.update=true and review it");
            }
            assertEquals(Files.readString(file), actual, "output differs from golden file " + file
                    + " (if the change is intended, rerun with -Dgolden.update=true and review the diff)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
