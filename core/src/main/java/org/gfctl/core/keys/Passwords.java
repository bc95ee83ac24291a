package org.gfctl.core.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.UsageException;
import org.gfctl.core.secret.Secret;

/**
 * Finds the key password: {@code --password-file}, else {@code GFCTL_PASSWORD}, else a prompt.
 *
 * <p>Secrets are never taken from command-line arguments, which other users see in {@code ps}
 * (DESIGN.md "CLI contract"). The order puts the most explicit source first. A value from the
 * environment arrives as a {@link String} and cannot be wiped; the password file is the better
 * choice for scripts.
 */
public final class Passwords {
    /** The environment variable read when no password file is given. */
    public static final String ENV = "GFCTL_PASSWORD";

    private static final String HOW = "give --password-file FILE, set " + ENV
            + ", or run gfctl in a terminal to be prompted";

    private Passwords() {}

    /**
     * The password from {@code passwordFile} (may be null: not given), {@code env}, or {@code prompt}.
     *
     * <p>From a file, only the first line counts, without its line ending ({@code \n} or
     * {@code \r\n}), so {@code echo pw > file} works.
     *
     * @throws NotFoundException if the password file does not exist
     * @throws UsageException if no source gives a non-empty password
     */
    public static Secret read(Path passwordFile, Map<String, String> env, PasswordPrompt prompt) {
        if (passwordFile != null) {
            return fromFile(passwordFile);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null) {
            if (fromEnv.isEmpty()) {
                throw new UsageException(ENV + " is set but empty; " + HOW);
            }
            return Secret.adopt(fromEnv.getBytes(StandardCharsets.UTF_8));
        }
        Secret typed = prompt.ask("Key password: ").orElseThrow(
                () -> new UsageException("a key password is needed: " + HOW));
        if (typed.length() == 0) {
            typed.close();
            throw new UsageException("the key password must not be empty");
        }
        return typed;
    }

    /**
     * The whole content of a key file, byte for byte, as cryptsetup's {@code --key-file} and
     * qemu's {@code secret,file=} read it (no newline is stripped).
     */
    public static Secret readFile(Path file) {
        try {
            byte[] all = Files.readAllBytes(file);
            if (all.length == 0) {
                throw new UsageException("key file " + file + " is empty");
            }
            return Secret.adopt(all);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("key file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Secret fromFile(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("password file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read password file " + file + ": " + e.getMessage(), e);
        }
        try {
            int end = 0;
            while (end < all.length && all[end] != '\n') {
                end++;
            }
            if (end > 0 && all[end - 1] == '\r') {
                end--;
            }
            if (end == 0) {
                throw new UsageException("password file " + file + " is empty (its first line is the password)");
            }
            return Secret.adopt(Arrays.copyOf(all, end));
        } finally {
            Arrays.fill(all, (byte) 0);
        }
    }
}
