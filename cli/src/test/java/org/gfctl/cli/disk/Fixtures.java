package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;

/** Shared set-up for shield/unshield tests: an owner, its exported PEM files, images, digests. */
final class Fixtures {
    static final String PASSWORD = "correct horse battery staple";

    final Path dir;
    final Path owner;
    final Path passwordFile;

    private Fixtures(Path dir, Path owner, Path passwordFile) {
        this.dir = dir;
        this.owner = owner;
        this.passwordFile = passwordFile;
    }

    /** Creates an owner key store in {@code dir} with {@code gfctl owner init}. */
    static Fixtures create(Path dir, String keyType) throws IOException {
        Path pw = dir.resolve("owner.pw");
        Files.writeString(pw, PASSWORD + "\n");
        Path owner = dir.resolve("owner-" + keyType + ".p12");
        GfctlRunner.Result r = GfctlRunner.run("owner", "init", "--out", owner.toString(), "--key", keyType,
                "--subject", "CN=tenant-test", "--password-file", pw.toString());
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        return new Fixtures(dir, owner, pw);
    }

    /** gfctl with the owner's password file appended. */
    GfctlRunner.Result gfctl(String... args) {
        return gfctl(null, args);
    }

    /** gfctl with the owner's password file appended, run for {@code store} (null: the process environment). */
    GfctlRunner.Result gfctl(org.gfctl.cli.TestStore store, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--password-file");
        all.add(passwordFile.toString());
        String[] a = all.toArray(String[]::new);
        return store == null ? GfctlRunner.run(a) : store.run(a);
    }

    /** The command line of gfctl in a JVM of its own (this test's class path), the owner's password file appended. */
    List<String> ownJvm(String... args) {
        List<String> cmd = gfctlInOwnJvm(args);
        cmd.addAll(List.of("--password-file", passwordFile.toString()));
        return cmd;
    }

    /** The command line of gfctl in a JVM of its own (this test's class path), {@code args} as they are. */
    static List<String> gfctlInOwnJvm(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), org.gfctl.cli.Gfctl.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Runs {@code cmd} to its end (stdin from /dev/null, {@code env} set in its environment, a null
     * value removing the variable) and returns its stdout and stderr together; fails unless it exits
     * with {@code exit} within two minutes.
     */
    static String runToEnd(List<String> cmd, java.util.Map<String, String> env, int exit) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", cmd.subList(Math.min(4, cmd.size()), cmd.size())), output).isEqualTo(exit);
        return output;
    }

    GfctlRunner.Result shield(Path in, Path out) {
        return gfctl("shield-vm", "--in", in.toString(), "--out", out.toString(), "--owner", owner.toString());
    }

    /** Exports owner.key and owner.crt (PEM) from the PKCS#12 with openssl. */
    Path[] exportPem() {
        String openssl = Tools.require("openssl", "openssl");
        Path key = dir.resolve("owner.key");
        Path crt = dir.resolve("owner.crt");
        Processes.run(openssl, "pkcs12", "-in", owner.toString(), "-passin", "file:" + passwordFile, "-nocerts",
                "-nodes", "-out", key.toString()).requireSuccess();
        Processes.run(openssl, "pkcs12", "-in", owner.toString(), "-passin", "file:" + passwordFile, "-nokeys",
                "-clcerts", "-out", crt.toString()).requireSuccess();
        return new Path[] {key, crt};
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
