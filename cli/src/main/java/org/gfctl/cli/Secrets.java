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

    /** The password of a key store being created: a prompt asks twice. */
    public static Secret newPassword(Path passwordFile) {
        return Passwords.read(passwordFile, System.getenv(), PasswordPrompt.confirmed(PasswordPrompt.console()));
    }

    /** A PKCS#11 token's user PIN; never from a command-line argument. */
    public static Secret pin(Path pinFile) {
        return Passwords.read(Passwords.PIN, pinFile, System.getenv(), pinPrompt());
    }

    private static Secret typedPin;

    /**
     * The console, asked for a token PIN at most once per gfctl invocation: the command and its
     * audit entry (signed by the token's audit key) open the token separately. {@link #forgetPin()}
     * wipes the answer when the invocation ends, also in the console shell, where a mistyped PIN
     * must not stick.
     */
    public static PasswordPrompt pinPrompt() {
        return message -> {
            synchronized (Secrets.class) {
                if (typedPin == null) {
                    typedPin = PasswordPrompt.console().ask(message).orElse(null);
                }
                return java.util.Optional.ofNullable(typedPin).map(Secret::copy);
            }
        };
    }

    /** Wipes a PIN typed during this invocation. */
    public static synchronized void forgetPin() {
        if (typedPin != null) {
            typedPin.close();
            typedPin = null;
        }
    }
}
