package org.gfctl.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs an external command to completion and captures its output, for oracle tools in tests. */
public final class Processes {

    private Processes() {}

    /** The outcome of one command: exit code, stdout and stderr. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Throws with both streams when the command did not exit 0. */
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("command exited " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
            }
            return this;
        }
    }

    /** Runs {@code command} in {@code dir} (null: current), feeding {@code stdin} (may be null). */
    public static Result run(Path dir, byte[] stdin, List<String> command) {
        return run(dir, stdin, java.util.Map.of(), command);
    }

    /** As {@link #run(Path, byte[], List)}, with {@code environment} added to this process's environment. */
    public static Result run(Path dir, byte[] stdin, java.util.Map<String, String> environment, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        try {
            Process p = pb.start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("command timed out: " + command);
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs {@code command} with no stdin in the current directory. */
    public static Result run(String... command) {
        return run(null, null, List.of(command));
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream b = new ByteArrayOutputStream()) {
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
