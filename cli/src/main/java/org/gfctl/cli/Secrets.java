package org.gfctl.cli;

import java.nio.file.Path;
import org.gfctl.core.keys.PasswordPrompt;
import org.gfctl.core.keys.Passwords;
import org.gfctl.core.secret.Secret;

/** Where the CLI gets key passwords: {@code --password-file}, {@code GFCTL_PASSWORD}, or a prompt. */
public final class Secrets {

    private Secrets() {}

    /** The key-store password; never from a command-line argument. */
    public static Secret password(Path passwordFile) {
        return Passwords.read(passwordFile, System.getenv(), PasswordPrompt.console());
    }
}
