package org.gfctl.core.keys;

import java.io.Console;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.gfctl.core.secret.Secret;

/**
 * Asks a person for a password, or says that nobody can be asked.
 *
 * <p>An interface so that core code never touches a terminal: the CLI passes the console (or its
 * JLine reader), tests pass a lambda, batch runs pass {@link #none()}.
 */
@FunctionalInterface
public interface PasswordPrompt {

    /** The password typed in answer to {@code message}, or empty if nobody can be asked. */
    Optional<Secret> ask(String message);

    /** No prompt is possible (no terminal). */
    static PasswordPrompt none() {
        return message -> Optional.empty();
    }

    /**
     * {@code prompt} asked twice, for a password that is being set: a typo would otherwise lock the
     * owner out of the key it protects. Different answers are refused; nothing is kept of either.
     */
    static PasswordPrompt confirmed(PasswordPrompt prompt) {
        return message -> {
            Optional<Secret> first = prompt.ask(message);
            if (first.isEmpty()) {
                return first;
            }
            try (Secret again = prompt.ask("Repeat it: ").orElse(Secret.copyOf(new byte[0]))) {
                if (!first.get().sameAs(again)) {
                    first.get().close();
                    throw new org.gfctl.core.UsageException("the two passwords typed differ: nothing was created;"
                            + " run the command again");
                }
            }
            return first;
        };
    }

    /** The process's console without echo, or none if stdin/stdout are not a terminal. */
    static PasswordPrompt console() {
        return message -> {
            Console console = System.console();
            if (console == null) {
                return Optional.empty();
            }
            char[] chars = console.readPassword("%s", message);
            if (chars == null) {
                return Optional.empty();
            }
            var encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            Arrays.fill(chars, '\0');
            Arrays.fill(encoded.array(), (byte) 0);
            return Optional.of(Secret.adopt(bytes));
        };
    }
}
