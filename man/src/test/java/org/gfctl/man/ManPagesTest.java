package org.gfctl.man;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.Test;

/** The man pages the build wrote to {@code target/man/man1} (process-classes runs before the tests). */
class ManPagesTest {

    private static final Path MAN1 = Path.of("target", "man", "man1");

    @Test
    void everyCommandInThePicocliModel_hasAPage() {
        assertThat(ManPages.pages()).containsKeys("gfctl", "gfctl-shield-vm", "gfctl-key-reveal", "gfctl-fabric-init");
        for (String page : ManPages.pages().keySet()) {
            assertThat(MAN1.resolve(page + ".1")).as("man page of '%s'", page).isRegularFile();
        }
    }

    @Test
    void everyPage_rendersWithoutWarnings() throws IOException {
        String man = Tools.require("man", "man-db");
        List<Path> pages = pages();
        assertThat(pages).hasSameSizeAs(ManPages.pages().keySet());
        for (Path page : pages) {
            Processes.Result r = Processes.run(man, "-l", "--warnings", "-E", "UTF-8", "-Tutf8", page.toString());
            assertThat(r.exitCode()).as("man -l %s", page).isZero();
            assertThat(r.stderr()).as("warnings rendering %s", page).isEmpty();
            String text = r.stdout().replaceAll(".\b", "");   // grotty's overstrike bold
            assertThat(text).contains("NAME").contains("SYNOPSIS").contains("EXIT STATUS");
        }
    }

    @Test
    void gfctlPage_documentsExitStatusEnvironmentAndFiles() throws IOException {
        String page = Files.readString(MAN1.resolve("gfctl.1"));
        assertThat(page).contains(".SH \"EXIT STATUS\"", ".SH \"ENVIRONMENT\"", ".SH \"FILES\"", ".SH \"EXAMPLES\"");
        assertThat(page).contains("GFCTL_HOME", "GFCTL_PASSWORD", "GFCTL_GUARDIAN_PASSWORD", "GFCTL_PKCS11_PIN",
                "GFCTL_STORE_USER", "GFCTL_STORE_PASSWORD", "GFCTL_STORE_CREDENTIALS", "NO_COLOR");
        assertThat(page).contains("guardian.p12", "guardian.password", "fabric.db", "fabric.properties", "history");
        assertThat(page).contains("gfctl 0.1.0").doesNotContain("Exit status:");
    }

    @Test
    void commandsPeopleRunByHand_haveExamples() throws IOException {
        for (String name : List.of("gfctl-shield-vm", "gfctl-unshield", "gfctl-verify", "gfctl-key-reveal",
                "gfctl-owner-init", "gfctl-fabric-init")) {
            assertThat(Files.readString(MAN1.resolve(name + ".1"))).as(name).contains(".SH \"EXAMPLES\"");
        }
    }

    @Test
    void subcommandPages_pointToTheirParentsAndTheRootPage() throws IOException {
        String page = Files.readString(MAN1.resolve("gfctl-key-reveal.1"));
        assertThat(page).contains(".SH \"SEE ALSO\"").contains("gfctl-key").contains("gfctl\\fP(1)");
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> files = Files.list(MAN1)) {
            return files.filter(p -> p.toString().endsWith(".1")).sorted().toList();
        }
    }
}
