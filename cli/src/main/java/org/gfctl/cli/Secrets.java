package org.gfctl.cli;

import java.nio.file.Path;
import org.gfctl.core.keys.PasswordPrompt;
import org.gfctl.core.keys.Passwords;
import org.gfctl.core.secret.Secret;

/**
 * Where the CLI gets key passwords ({@code --password-file}, {@code GFCTL_PASSWORD}, or a prompt)
 * and token PINs ({@code --pin-file}, {@code GFCTL_PKCS11_PIN}, or a prompt).
 */
public final class Secrets {

    private Secrets() {}

    /** The key-store password; never from a command-line argument. */
    public static Secret password(Path passwordFile) {
        return Passwords.read(passwordFile, System.getenv(), PasswordPrompt.console());
    }

    /** A PKCS#11 token's user PIN; never from a command-line argument. */
    public static Secret pin(Path pinFile) {
        return Passwords.read(Passwords.PIN, pinFile, System.getenv(), PasswordPrompt.console());
    }
}
