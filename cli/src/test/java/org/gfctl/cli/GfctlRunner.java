package org.gfctl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs gfctl in-process through its one entry point and captures both streams. */
public final class GfctlRunner {

    public record Result(int exitCode, String out, String err) {}

    private GfctlRunner() {}

    public static Result run(String... args) {
        return run(System.getenv(), args);
    }

    /** Runs with {@code env} as the environment gfctl reads (e.g. GFCTL_STORE_CREDENTIALS). */
    public static Result run(java.util.Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Gfctl.run(new PrintWriter(out), new PrintWriter(err), env, args);
        return new Result(code, out.toString(), err.toString());
    }
}
