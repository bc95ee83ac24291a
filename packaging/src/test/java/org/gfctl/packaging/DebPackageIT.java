package org.gfctl.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Installs the .deb on this machine with apt-get, uses it, and removes it again.
 *
 * <p>Needs root (CI runs as root; elsewhere the test is skipped). The package is removed in a
 * finally block, so a failing assertion never leaves gfctl installed.
 */
class DebPackageIT {

    @BeforeAll
    static void requireRoot() {
        String uid = Processes.run(Tools.require("id", "coreutils"), "-u").requireSuccess().stdout().strip();
        if (!uid.equals("0")) {
            String message = "the .deb test installs a package and needs root (uid " + uid + "): run the README test command as root";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
    }

    @Test
    void deb_installsGfctlWithManPagesAndCompletions_andRemovesCleanly() {
        String aptGet = Tools.require("apt-get", "apt");
        String man = Tools.require("man", "man-db");
        Path deb = Artifacts.single("gfctl_", "_all.deb");
        try {
            apt(aptGet, "install", "-y", "--no-install-recommends", deb.toString()).requireSuccess();

            Processes.Result version = Processes.run("/usr/bin/gfctl", "--version").requireSuccess();
            assertThat(version.stdout().strip()).isEqualTo("gfctl " + Artifacts.version());
            assertThat(Processes.run(man, "-w", "gfctl-shield-vm").requireSuccess().stdout().strip())
                    .isEqualTo("/usr/share/man/man1/gfctl-shield-vm.1.gz");
            assertThat(Path.of("/usr/share/bash-completion/completions/gfctl")).isRegularFile();
            assertThat(Path.of("/usr/share/zsh/vendor-completions/_gfctl")).isRegularFile();
            assertThat(Path.of("/usr/share/gfctl/lib/gfctl.jsa")).as("AppCDS archive built by postinst").isRegularFile();
            assertThat(Path.of("/usr/share/gfctl/lib/gfctl-c2.directives")).as("the bulk commands' compiler directives")
                    .isRegularFile();
        } finally {
            apt(aptGet, "remove", "-y", "gfctl").requireSuccess();
        }
        assertThat(Path.of("/usr/share/gfctl")).doesNotExist();
        assertThat(Files.exists(Path.of("/usr/bin/gfctl"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Path.of("/usr/share/man/man1/gfctl-shield-vm.1.gz")).doesNotExist();
        assertThat(Path.of("/usr/share/bash-completion/completions/gfctl")).doesNotExist();
    }

    private static Processes.Result apt(String aptGet, String... args) {
        List<String> command = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", aptGet));
        command.addAll(List.of(args));
        return Processes.run(null, null, command);
    }
}
