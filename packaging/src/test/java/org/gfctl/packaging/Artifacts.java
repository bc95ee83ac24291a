package org.gfctl.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/** The files {@code mvn package} wrote to {@code packaging/target}, found by name. */
final class Artifacts {

    static final Path TARGET = Path.of("target").toAbsolutePath();

    private Artifacts() {}

    /** The project version, as the build stamped it into the CLI. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("..", "cli", "target", "classes", "gfctl-version.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    /** The one file in target/ whose name starts with {@code prefix} and ends with {@code suffix}. */
    static Path single(String prefix, String suffix) {
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(suffix)).toList();
            assertThat(found).as("%s*%s in %s", prefix, suffix, TARGET).hasSize(1);
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
