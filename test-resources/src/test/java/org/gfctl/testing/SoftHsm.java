package org.gfctl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway SoftHSM2 token store: its own {@code softhsm2.conf} and token directory, and tokens
 * initialized in it with {@code softhsm2-util}, each described by a SunPKCS11 configuration file.
 *
 * <p>SoftHSM reads {@code SOFTHSM2_CONF} and lists its tokens once, when a process first loads the
 * library (C_Initialize); a token made later is invisible to that process. So the code under test
 * runs in a child process with {@link #environment()}, where it sees every token made here.
 */
public final class SoftHsm {
    /** Debian's SoftHSM2 PKCS#11 module. */
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final Pattern REASSIGNED = Pattern.compile("reassigned to slot (\\d+)");
    private final Path dir;
    private final Path conf;
    private final String util;

    /** One initialized token: its label, slot, SunPKCS11 configuration, user PIN and a file holding it. */
    public record Token(String label, long slot, Path config, String pin, Path pinFile) {}

    private SoftHsm(Path dir, Path conf, String util) {
        this.dir = dir;
        this.conf = conf;
        this.util = util;
    }

    /** A token store under {@code dir}; fails under CI=true (skips elsewhere) when SoftHSM2 is missing. */
    public static SoftHsm create(Path dir) throws IOException {
        String util = Tools.require("softhsm2-util", "softhsm2");
        Tools.requireFile(LIBRARY, "softhsm2");
        Path tokens = Files.createDirectories(dir.resolve("tokens"));
        Path conf = dir.resolve("softhsm2.conf");
        Files.writeString(conf, String.join("\n", "directories.tokendir = " + tokens, "objectstore.backend = file",
                "log.level = ERROR", "slots.removable = false", ""));
        return new SoftHsm(dir, conf, util);
    }

    /** The environment a process needs to see these tokens. */
    public Map<String, String> environment() {
        return Map.of("SOFTHSM2_CONF", conf.toString());
    }

    /** Initializes a new token {@code label} with a random user PIN, and writes its SunPKCS11 configuration. */
    public Token createToken(String label) throws IOException {
        String pin = "pin-" + UUID.randomUUID().toString().substring(0, 12);
        String soPin = "so-" + UUID.randomUUID().toString().substring(0, 12);
        Processes.Result r = Processes.run(null, null, environment(), List.of(util, "--init-token", "--free", "--label",
                label, "--pin", pin, "--so-pin", soPin)).requireSuccess();
        Matcher m = REASSIGNED.matcher(r.stdout() + r.stderr());
        if (!m.find()) {
            throw new AssertionError("softhsm2-util did not say which slot it used:\n" + r.stdout() + r.stderr());
        }
        long slot = Long.parseLong(m.group(1));
        Path config = dir.resolve(label + ".cfg");
        Files.writeString(config, String.join("\n", "name = " + label.replaceAll("[^A-Za-z0-9]", ""),
                "library = " + LIBRARY, "slot = " + slot, ""));
        Path pinFile = dir.resolve(label + ".pin");
        Files.writeString(pinFile, pin + "\n", StandardCharsets.UTF_8);
        return new Token(label, slot, config, pin, pinFile);
    }

    public Path dir() {
        return dir;
    }
}
