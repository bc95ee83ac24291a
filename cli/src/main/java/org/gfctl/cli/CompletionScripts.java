package org.gfctl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;

/**
 * Completion scripts generated from the picocli model, at run time and at build time.
 *
 * <p>picocli's script is bash; zsh loads the same script through {@code bashcompinit}, which is
 * how picocli documents zsh support.
 */
public final class CompletionScripts {

    private CompletionScripts() {}

    /** The completion script for {@code shell} ("bash" or "zsh"). */
    public static String script(String shell) {
        String bash = AutoComplete.bash("gfctl", Gfctl.commandLine());
        return switch (shell) {
            case "bash" -> bash;
            case "zsh" -> "#compdef gfctl\n" + bash;
            default -> throw new IllegalArgumentException("no completion for shell " + shell + ": use bash or zsh");
        };
    }

    /** Build-time entry: writes {@code gfctl} (bash) and {@code _gfctl} (zsh) into the given directory. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Files.writeString(dir.resolve("gfctl"), script("bash"));
        Files.writeString(dir.resolve("_gfctl"), script("zsh"));
    }
}
