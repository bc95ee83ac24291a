package org.gfctl.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of the temp directories the test harnesses create (TPM state, tokens, database clusters). */
public final class TempDirs {
    private TempDirs() {}

    /** Deletes {@code dir} and everything under it, best effort; nothing if it does not exist. */
    public static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
