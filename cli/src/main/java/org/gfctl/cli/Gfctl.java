package org.gfctl.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Entry point of the gfctl command line.
 *
 * <p>{@link #run} is the one testable entry: tests pass their own writers and never touch
 * {@code System.out}; {@link #main} only wires the process streams and exits with the code.
 */
public final class Gfctl {

    private Gfctl() {}

    public static void main(String[] args) {
        // The two most-run commands need no command model: answer them before picocli builds it.
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")) && HelpCache.print(System.out)) {
            return;
        }
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            System.out.println(new VersionProvider().getVersion()[0]);
            return;
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(out, err, args));
    }

    /** Runs one gfctl invocation and returns its exit code (see {@link org.gfctl.core.ExitCode}). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.getenv(), args);
    }

    /** {@link #run(PrintWriter, PrintWriter, String...)} reading {@code env} instead of the process environment. */
    public static int run(PrintWriter out, PrintWriter err, java.util.Map<String, String> env, String... args) {
        CommandLine cl = commandLine();
        ((GfctlCommand) cl.getCommand()).environment(env);
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            Secrets.forgetPin();
            out.flush();
            err.flush();
        }
    }

    /** The configured command tree, also used to generate completions and man pages. */
    public static CommandLine commandLine() {
        ErrorHandler errors = new ErrorHandler();
        CommandLine cl = new CommandLine(new GfctlCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        return cl.setExecutionStrategy(parseResult -> {
            CommandLine leaf = parseResult.asCommandLineList().get(parseResult.asCommandLineList().size() - 1);
            if (leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested()) {
                return new CommandLine.RunLast().execute(parseResult);
            }
            int code;
            try {
                code = new CommandLine.RunLast().execute(parseResult);
            } catch (CommandLine.ExecutionException e) {
                code = errors.handleExecutionException(e.getCause() instanceof Exception x ? x : e, e.getCommandLine(),
                        parseResult);
            }
            AuditTrail.record(leaf, code);
            return code;
        });
    }
}
