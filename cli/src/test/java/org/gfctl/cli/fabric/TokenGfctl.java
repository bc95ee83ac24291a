package org.gfctl.cli.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gfctl.cli.Gfctl;
import org.gfctl.testing.Processes;
import org.gfctl.testing.SoftHsm;

/**
 * Runs gfctl in a child JVM that sees a {@link SoftHsm}'s tokens (SOFTHSM2_CONF in its
 * environment, SoftHSM loaded fresh), with extra environment such as GFCTL_PKCS11_PIN.
 */
final class TokenGfctl {
    private final SoftHsm hsm;

    TokenGfctl(SoftHsm hsm) {
        this.hsm = hsm;
    }

    Processes.Result run(Map<String, String> env, String... args) {
        return java(env, Gfctl.class.getName(), args);
    }

    Processes.Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs gfctl, expecting exit {@code expected}; returns the result. */
    Processes.Result expect(int expected, Map<String, String> env, String... args) {
        Processes.Result r = run(env, args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.stderr() + r.stdout()).isEqualTo(expected);
        return r;
    }

    Processes.Result expect(int expected, String... args) {
        return expect(expected, Map.of(), args);
    }

    /** Runs {@code mainClass} of the test class path in a child JVM with the token environment. */
    Processes.Result java(Map<String, String> env, String mainClass, String... args) {
        Map<String, String> all = new HashMap<>(hsm.environment());
        all.putAll(env);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return Processes.run(null, null, all, cmd);
    }
}
