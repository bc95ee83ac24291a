package org.gfctl.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;

/**
 * PostgreSQL credentials, from environment variables or a file, never from a command-line URL
 * (arguments leak through {@code ps}).
 *
 * <p>The file has two lines, user then password, and should be mode 0600.
 */
public final class StoreCredentials {
    private final String user;
    private final String password;

    private StoreCredentials(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** From {@code GFCTL_STORE_CREDENTIALS} (a file) or {@code GFCTL_STORE_USER}/{@code GFCTL_STORE_PASSWORD}. */
    public static StoreCredentials fromEnvironment(Map<String, String> env) {
        String file = env.get("GFCTL_STORE_CREDENTIALS");
        if (file != null && !file.isBlank()) {
            return fromFile(Path.of(file));
        }
        return new StoreCredentials(env.get("GFCTL_STORE_USER"), env.get("GFCTL_STORE_PASSWORD"));
    }

    public static StoreCredentials fromFile(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.size() < 2) {
                throw new GfctlException(ExitCode.USAGE, "store credentials file " + file
                        + " must have two lines: user, then password");
            }
            return new StoreCredentials(lines.get(0).strip(), lines.get(1).strip());
        } catch (IOException e) {
            throw new GfctlException(ExitCode.NOT_FOUND, "cannot read store credentials file " + file + ": " + e.getMessage());
        }
    }

    public static StoreCredentials none() {
        return new StoreCredentials(null, null);
    }

    void applyTo(Properties props) {
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
    }

    @Override
    public String toString() {
        return "StoreCredentials[user=" + user + ", password=redacted]";
    }
}
