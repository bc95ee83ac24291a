package org.gfctl.core.luks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;

/**
 * The cryptsetup and qemu-img command lines the LUKS interop tests use as oracles.
 *
 * <p>All of them work on plain files without root or a loop device: {@code luksFormat},
 * {@code luksDump}, {@code luksAddKey}, {@code open --test-passphrase} and {@code qemu-img}.
 */
final class Cryptsetup {
    private static final Pattern KEY_DUMP = Pattern.compile("(?:MK dump|Volume key):\\s*((?:[0-9a-f]{2}\\s+)+)");

    private final String cryptsetup;
    private final Path dir;

    private Cryptsetup(String cryptsetup, Path dir) {
        this.cryptsetup = cryptsetup;
        this.dir = dir;
    }

    /** The oracle working in {@code dir}; skips (or fails under CI) when cryptsetup is missing. */
    static Cryptsetup in(Path dir) {
        return new Cryptsetup(Tools.require("cryptsetup", "cryptsetup-bin"), dir);
    }

    /** Runs {@code cryptsetup args...} in the working directory. */
    Processes.Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(cryptsetup));
        command.addAll(List.of(args));
        return Processes.run(dir, null, command);
    }

    /** A LUKS1 aes-xts-plain64 image with {@code keyFile} in keyslot 0 and 1000 PBKDF2 iterations. */
    void luksFormat(String image, String keyFile, String hash, int keyBits) {
        run("luksFormat", "--type", "luks1", "--batch-mode", "--key-file", keyFile, "--pbkdf-force-iterations", "1000",
                "--hash", hash, "--key-size", Integer.toString(keyBits), image).requireSuccess();
    }

    void luksAddKey(String image, String existingKeyFile, String newKeyFile, int slot) {
        run("luksAddKey", "--batch-mode", "--key-file", existingKeyFile, "--pbkdf-force-iterations", "1000",
                "--key-slot", Integer.toString(slot), image, newKeyFile).requireSuccess();
    }

    /** Whether cryptsetup accepts {@code keyFile} as a passphrase of {@code image}. */
    boolean acceptsPassphrase(String image, String keyFile) {
        return run("open", "--test-passphrase", "--key-file", keyFile, image).exitCode() == 0;
    }

    /** The volume key as {@code luksDump --dump-master-key} prints it. */
    byte[] dumpVolumeKey(String image, String keyFile) {
        String out = run("luksDump", "--dump-master-key", "-q", "--key-file", keyFile, image).requireSuccess().stdout();
        Matcher m = KEY_DUMP.matcher(out);
        if (!m.find()) {
            throw new AssertionError("no volume key in luksDump output:\n" + out);
        }
        return HexFormat.of().parseHex(m.group(1).replaceAll("\\s+", ""));
    }

    /**
     * Runs {@code qemu-img args...} in the working directory; skips when qemu-img is missing.
     *
     * <p>qemu-img benchmarks PBKDF2 when it creates a LUKS header and gives up with "Unable to get
     * accurate CPU usage" when its first round measures 0 ms of thread CPU time, which happens on
     * a loaded machine with a coarse clock; that one failure is retried.
     */
    Processes.Result qemuImg(String... args) {
        List<String> command = new ArrayList<>(List.of(Tools.require("qemu-img", "qemu-utils")));
        command.addAll(List.of(args));
        Processes.Result result = Processes.run(dir, null, command);
        for (int retry = 0; retry < 5 && result.stderr().contains("Unable to get accurate CPU usage"); retry++) {
            result = Processes.run(dir, null, command);
        }
        return result.requireSuccess();
    }
}
