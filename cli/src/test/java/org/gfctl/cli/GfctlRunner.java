package org.gfctl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs gfctl in-process through its one entry point and captures both streams. */
final class GfctlRunner {

    record Result(int exitCode, String out, String err) {}

    private GfctlRunner() {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Gfctl.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }
}
