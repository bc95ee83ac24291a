package org.gfctl.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarballLayoutIT {

    @TempDir
    Path tmp;

    @Test
    void tarball_hasLauncherJarArchiveManPagesAndCompletions() {
        String version = Artifacts.version();
        Path tarball = Artifacts.TARGET.resolve("gfctl-" + version + ".tar.gz");
        String tar = Tools.require("tar", "tar");
        List<String> listing = Arrays.asList(Processes.run(tar, "tzvf", tarball.toString()).requireSuccess().stdout().split("\n"));
        String top = "gfctl-" + version + "/";
        assertThat(entry(listing, top + "bin/gfctl")).startsWith("-rwxr-xr-x");
        for (String file : List.of("lib/gfctl.jar", "lib/gfctl.classlist", "lib/gfctl.jsa", "share/man/man1/gfctl.1",
                "share/man/man1/gfctl-shield-vm.1", "share/man/man1/gfctl-key-reveal.1",
                "share/bash-completion/completions/gfctl", "share/zsh/site-functions/_gfctl", "lib/gfctl-c2.directives",
                "lib/native/Linux/x86_64/libsqlitejdbc.so", "lib/native/Linux/aarch64/libsqlitejdbc.so")) {
            assertThat(entry(listing, top + file)).as(file).startsWith("-rw-r--r--");
        }
    }

    @Test
    void unpackedAnywhere_theLauncherRunsAndRebuildsTheArchiveForItsPath() throws IOException {
        String version = Artifacts.version();
        Path tarball = Artifacts.TARGET.resolve("gfctl-" + version + ".tar.gz");
        Processes.run(Tools.require("tar", "tar"), "xzf", tarball.toString(), "-C", tmp.toString()).requireSuccess();
        Path home = tmp.resolve("gfctl-" + version);
        Path launcher = home.resolve("bin/gfctl");

        Processes.Result r = Processes.run(launcher.toString(), "--version").requireSuccess();
        assertThat(r.stdout().strip()).isEqualTo("gfctl " + version);
        assertThat(r.stderr()).isEmpty();
        assertThat(Files.readString(home.resolve("lib/gfctl.jsa.key"))).contains(home.resolve("lib/gfctl.jar").toString());

        Processes.Result loads = Processes.run(null, null, List.of("env",
                "GFCTL_JAVA_OPTS=-Xlog:class+load=info:stdout", launcher.toString(), "--version"));
        assertThat(loads.stdout()).containsPattern("org\\.gfctl\\.cli\\.Gfctl source: shared objects file");
    }

    @Test
    void theLauncher_hasTheSqliteDriverLoadItsLibraryFromTheTree_notFromATemporaryCopy() {
        String version = Artifacts.version();
        Path tarball = Artifacts.TARGET.resolve("gfctl-" + version + ".tar.gz");
        Processes.run(Tools.require("tar", "tar"), "xzf", tarball.toString(), "-C", tmp.toString()).requireSuccess();
        Path home = tmp.resolve("gfctl-" + version);
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> throw new AssertionError("the tarball ships the SQLite library for x86_64 and aarch64 only, not "
                    + System.getProperty("os.arch"));
        };
        Processes.Result r = Processes.run(null, null, List.of("env", "GFCTL_JAVA_OPTS=-Xlog:library=info:stdout",
                home.resolve("bin/gfctl").toString(), "--home", tmp.resolve("fabric").toString(), "-q", "fabric", "init"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("Loaded library " + home.resolve("lib/native/Linux/" + arch + "/libsqlitejdbc.so"))
                .doesNotContainPattern("Loaded library \\S*/sqlite-[^ ]*libsqlitejdbc\\.so");
    }

    @Test
    void bulkCommands_runWithTheCompilerDirectives_andPrintNothingAboutThem() {
        String version = Artifacts.version();
        Path tarball = Artifacts.TARGET.resolve("gfctl-" + version + ".tar.gz");
        Processes.run(Tools.require("tar", "tar"), "xzf", tarball.toString(), "-C", tmp.toString()).requireSuccess();
        String launcher = tmp.resolve("gfctl-" + version + "/bin/gfctl").toString();
        String fabric = tmp.resolve("fabric").toString();
        Processes.run(launcher, "--home", fabric, "-q", "fabric", "init").requireSuccess();
        // the launcher passes the file to the Java versions it was tested on (this JVM runs it too)
        int feature = Runtime.version().feature();
        boolean tested = feature >= 17 && feature <= 25;

        Processes.Result verify = Processes.run(launcher, "--home", fabric, "-o", "json", "audit", "verify").requireSuccess();
        assertThat(verify.stdout()).contains("\"intact\" : true").doesNotContain("directives");
        assertThat(verify.stderr()).isEmpty();
        Processes.Result shown = shown(launcher, "--home", fabric, "-o", "json", "audit", "verify");
        assertThat(shown.exitCode()).as(shown.stderr()).isZero();
        assertThat(shown.stdout()).contains("\"intact\" : true");
        if (tested) {
            assertThat(shown.stdout()).contains("3 compiler directives added").contains("org/gfctl/core/disk/*.*");
        }

        String missing = tmp.resolve("missing.luks").toString();
        for (List<String> bulk : List.of(List.of("-qo", "json", "audit", "verify", "--home", fabric),
                List.of("verify", missing), List.of("shield-vm", "--in", missing, "--out", missing + ".out"),
                List.of("unshield", "--in", missing, "--out", missing + ".raw"),
                List.of("rotate-key", "--reencrypt", "--in", missing))) {
            assertThat(shown(launcher, bulk.toArray(String[]::new)).stdout()).as(bulk.toString())
                    .matches(s -> s.contains("compiler directives added") == tested, "directives iff Java 17-25");
        }
        for (List<String> other : List.of(List.of("--home", fabric, "host", "list"), List.of("audit", "verify", "--help"),
                List.of("rotate-key", "--in", missing), List.of("audit", "log", "--home", fabric))) {
            assertThat(shown(launcher, other.toArray(String[]::new)).stdout()).as(other.toString())
                    .doesNotContain("compiler directives added");
        }
        // audit verify alone also doubles the compile thresholds
        String flags = "GFCTL_JAVA_OPTS=-XX:+UnlockDiagnosticVMOptions -XX:+DisplayVMOutput -XX:+PrintFlagsFinal";
        assertThat(Processes.run(null, null, List.of("env", flags, launcher, "--home", fabric, "audit", "verify")).stdout())
                .matches(s -> s.matches("(?s).*CompileThresholdScaling\\s+= 2\\.0.*") == tested, "scaled iff Java 17-25");
        assertThat(Processes.run(null, null, List.of("env", flags, launcher, "verify", missing)).stdout())
                .containsPattern("CompileThresholdScaling\\s+= 1\\.0");
        Processes.Result off = Processes.run(null, null, List.of("env", "GFCTL_JIT=default", SHOW_VM_OUTPUT, launcher,
                "--home", fabric, "audit", "verify"));
        assertThat(off.exitCode()).as(off.stderr()).isZero();
        assertThat(off.stdout()).doesNotContain("compiler directives added");
    }

    /** The JVM's console output, which the directives silence, and the directives it installs. */
    private static final String SHOW_VM_OUTPUT =
            "GFCTL_JAVA_OPTS=-XX:+UnlockDiagnosticVMOptions -XX:+DisplayVMOutput -XX:+CompilerDirectivesPrint";

    private static Processes.Result shown(String launcher, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("env", SHOW_VM_OUTPUT, launcher));
        command.addAll(List.of(args));
        return Processes.run(null, null, command);
    }

    @Test
    void launcher_refusesAJavaOlderThan17_withWhatToDo() throws IOException {
        Path oldJava = Files.createDirectories(tmp.resolve("jdk11/bin"));
        Path java = oldJava.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho should not run\n");
        java.toFile().setExecutable(true);
        Files.writeString(tmp.resolve("jdk11/release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"11.0.2\"\n");
        Path launcher = Path.of("src", "main", "sh", "gfctl").toAbsolutePath();

        Processes.Result r = Processes.run(null, null, List.of("env", "JAVA_HOME=" + tmp.resolve("jdk11"),
                "sh", launcher.toString(), "--version"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("Java 11.0.2").contains("needs Java 17 or newer").contains("JAVA_HOME");
    }

    private static String entry(List<String> listing, String path) {
        return listing.stream().filter(l -> l.endsWith(" " + path)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " is not in the tarball:\n" + String.join("\n", listing)));
    }
}
