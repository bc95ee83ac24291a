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
 * Finds the key password: {@code --password-file}, else {@code GFCTL_PASSWORD}, else a prompt;
 * and, the same way, a PKCS#11 token PIN: {@code --pin-file}, else {@code GFCTL_PKCS11_PIN}, else
 * a prompt.
 *
 * <p>Secrets are never taken from command-line arguments, which other users see in {@code ps}
 * (DESIGN.md "CLI contract"). The order puts the most explicit source first. A value from the
 * environment arrives as a {@link String} and cannot be wiped; the password file is the better
 * choice for scripts.
 */
public final class Passwords {
    /** The environment variable read when no password file is given. */
    public static final String ENV = "GFCTL_PASSWORD";

    /** The environment variable with a PKCS#11 token PIN, read when no PIN file is given. */
    public static final String PIN_ENV = "GFCTL_PKCS11_PIN";

    /** One kind of secret a person types: its file option, environment variable, name and prompt. */
    public record Kind(String fileOption, String env, String noun, String prompt) {
        String how() {
            return "give " + fileOption + " FILE, set " + env + ", or run gfctl in a terminal to be prompted";
        }
    }

    /** A key-store password ({@code --password-file}, {@code GFCTL_PASSWORD}). */
    public static final Kind PASSWORD = new Kind("--password-file", ENV, "key password", "Key password: ");
    /** A PKCS#11 token's user PIN ({@code --pin-file}, {@code GFCTL_PKCS11_PIN}). */
    public static final Kind PIN = new Kind("--pin-file", PIN_ENV, "token PIN", "Token PIN: ");

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
        return read(PASSWORD, passwordFile, env, prompt);
    }

    /** As {@link #read(Path, Map, PasswordPrompt)}, for a secret of {@code kind} (a password or a PIN). */
    public static Secret read(Kind kind, Path file, Map<String, String> env, PasswordPrompt prompt) {
        if (file != null) {
            return fromFile(kind, file);
        }
        String fromEnv = env.get(kind.env());
        if (fromEnv != null) {
            if (fromEnv.isEmpty()) {
                throw new UsageException(kind.env() + " is set but empty; " + kind.how());
            }
            return Secret.adopt(fromEnv.getBytes(StandardCharsets.UTF_8));
        }
        Secret typed = prompt.ask(kind.prompt()).orElseThrow(
                () -> new UsageException("a " + kind.noun() + " is needed: " + kind.how()));
        if (typed.length() == 0) {
            typed.close();
            throw new UsageException("the " + kind.noun() + " must not be empty");
        }
        return typed;
    }

    /** The first line of {@code file} as a secret of {@code kind}, as {@code --password-file} reads it. */
    public static Secret readFirstLine(Kind kind, Path file) {
        return fromFile(kind, file);
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

    private static Secret fromFile(Kind kind, Path file) {
        String name = kind == PIN ? "PIN file " : "password file ";
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NotFoundException(name + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + file + ": " + e.getMessage(), e);
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
                throw new UsageException(name + file + " is empty (its first line is the " + kind.noun() + ")");
            }
            return Secret.adopt(Arrays.copyOf(all, end));
        } finally {
            Arrays.fill(all, (byte) 0);
        }
    }
}
