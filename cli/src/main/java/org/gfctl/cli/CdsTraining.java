package org.gfctl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A build-time training run for the class-data sharing archive: the everyday commands on a tiny
 * image in a throw-away directory, in one JVM started with {@code -XX:DumpLoadedClassList}.
 *
 * <p>Includes rotate-key --rewrap and --new-secret, whose whole run is start-up. The launcher builds its AppCDS archive from the resulting class list ({@code gfctl.classlist}
 * next to the jar), so Bouncy Castle, the SQLite driver, Flyway and the disk engine are loaded
 * from the archive rather than parsed and verified from the jar on every run. Runs no TPM command
 * (the build machine may have none). Fails the build when a command fails: a broken everyday
 * command should not ship.
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        deleteTree(dir);
        Files.createDirectories(dir);
        Path pw = Files.writeString(dir.resolve("pw"), "cds-training\n");
        Path image = dir.resolve("disk.raw");
        byte[] data = new byte[4 << 20];
        new SplittableRandom(1).nextBytes(data);
        Files.write(image, data);
        String home = dir.resolve("home").toString();
        String owner = dir.resolve("owner.p12").toString();
        String shielded = dir.resolve("disk.luks").toString();
        run("owner", "init", "--out", owner, "--password-file", pw.toString());
        run("--home", home, "fabric", "init");
        run("--home", home, "shield-vm", "--in", image.toString(), "--out", shielded, "--owner", owner,
                "--password-file", pw.toString());
        run("--home", home, "verify", shielded);
        run("--home", home, "-o", "json", "unshield", "--in", shielded, "--out", dir.resolve("plain.raw").toString(),
                "--owner-key", owner, "--password-file", pw.toString());
        run("--home", home, "key", "reveal", "--in", shielded, "--owner-key", owner, "--password-file", pw.toString(),
                "--out", dir.resolve("secret").toString());
        run("--home", home, "rotate-key", "--in", shielded, "--rewrap", "--owner-key", owner,
                "--password-file", pw.toString());
        run("--home", home, "rotate-key", "--in", shielded, "--new-secret", "--owner-key", owner,
                "--password-file", pw.toString());
        run("--home", home, "host", "list");
        run("--home", home, "audit", "verify");
        run("--home", home, "audit", "log");
        run("shield-vm", "--help");
        deleteTree(dir);
    }

    private static void run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Gfctl.run(new PrintWriter(out), new PrintWriter(err), args);
        if (code != 0) {
            throw new IllegalStateException("CDS training: gfctl " + String.join(" ", args) + " exited " + code + ": " + err);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
