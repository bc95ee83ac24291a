package org.gfctl.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external tools tests use as oracles (swtpm, qemu-img, cryptsetup, openssl, tpm2-tools).
 *
 * <p>Under {@code CI=true}, and in the README test command ({@code .ci/test} sets
 * {@code GFCTL_REQUIRE_TOOLS=1} after installing them), a missing tool fails the test: a green run
 * must never hide a missing install step. A plain {@code ./mvnw verify} skips the test instead,
 * naming the package to install.
 */
public final class Tools {

    private Tools() {}

    /** The absolute path of {@code name} on PATH or in /usr/sbin, /sbin; fails or skips when absent. */
    public static String require(String name, String debianPackage) {
        Optional<Path> found = find(name);
        if (found.isPresent()) {
            return found.get().toString();
        }
        String message = name + " is not installed: apt-get install " + debianPackage
                + " (or run the README test command, which installs it)";
        return missing(message);
    }

    /** {@code file} (a library, a data file); fails under CI=true, else skips, when it is absent. */
    public static Path requireFile(Path file, String debianPackage) {
        if (Files.exists(file)) {
            return file;
        }
        String message = file + " does not exist: apt-get install " + debianPackage
                + " (or run the README test command, which installs it)";
        return missing(message);
    }

    /**
     * Fails under {@code CI=true} or {@code GFCTL_REQUIRE_TOOLS=1} (which the README test command,
     * {@code .ci/test}, sets once it has installed every tool), else skips the test.
     */
    private static <T> T missing(String message) {
        if ("true".equals(System.getenv("CI")) || "1".equals(System.getenv("GFCTL_REQUIRE_TOOLS"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** {@code name} on PATH or in the sbin directories. */
    public static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin:/usr/local/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
