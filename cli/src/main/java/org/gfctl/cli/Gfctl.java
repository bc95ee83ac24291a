package org.gfctl.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        if (!"console".equals(commandName(args))) { // the console handles Ctrl-C per command itself
            Interrupts.install(Thread.currentThread());
        }
        int code = run(out, err, args);
        System.exit(Interrupts.received() ? Interrupts.EXIT : code);
    }

    /** The first word that is neither an option nor a global option's value: the command named. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            // -qo json: short options clustered with -o last take -o's value next, as a lone -o does
            if (a.equals("--home") || a.equals("--store") || a.equals("--output") || a.matches("-[^-]*o")) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    /** Runs one gfctl invocation and returns its exit code (see {@link org.gfctl.core.ExitCode}). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.getenv(), args);
    }

    /** {@link #run(PrintWriter, PrintWriter, String...)} reading {@code env} instead of the process environment. */
    public static int run(PrintWriter out, PrintWriter err, java.util.Map<String, String> env, String... args) {
        CommandLine cl = commandLine(commandsNamedIn(args));
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
        return commandLine(GfctlCommand.COMMANDS);
    }

    /**
     * The commands whose names occur among {@code args}, or all of them if none does.
     *
     * <p>picocli builds its model of a command by reflection over the class and every subcommand
     * class; for the whole tree that is ~0.1–0.3 s of a cold JVM, as much as the work of a short
     * command such as {@code rotate-key --rewrap}. The parser only ever compares arguments with
     * the names of the commands it has, so a tree with every command named in {@code args}
     * parses them exactly as the whole tree would; without a name (help, a typo) it gets them all.
     */
    static List<Class<?>> commandsNamedIn(String... args) {
        Set<String> words = new HashSet<>(Arrays.asList(args));
        List<Class<?>> named = GfctlCommand.COMMANDS.stream()
                .filter(c -> words.contains(c.getAnnotation(CommandLine.Command.class).name())).toList();
        return named.isEmpty() ? GfctlCommand.COMMANDS : named;
    }

    private static CommandLine commandLine(List<Class<?>> commands) {
        ErrorHandler errors = new ErrorHandler();
        CommandLine cl = new CommandLine(new GfctlCommand());
        for (Class<?> command : commands) {
            cl.addSubcommand(command);
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        return cl.setExecutionStrategy(new Execution(errors));
    }

    /**
     * Runs the parsed command, maps its exceptions to exit codes and records it in the audit trail.
     *
     * <p>A class, not a lambda, and no method references to picocli types in this file: picocli's
     * classes are Java 5 bytecode, and a lambda implementing or capturing one makes the AppCDS dump
     * link it, which excludes it (and {@code CommandLine} itself) from the archive.
     */
    private static final class Execution implements CommandLine.IExecutionStrategy {
        private final ErrorHandler errors;

        Execution(ErrorHandler errors) {
            this.errors = errors;
        }

        @Override
        public int execute(CommandLine.ParseResult parseResult) {
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
            // an interrupted command (Ctrl-C) is still recorded: its interrupt must not stop the store's I/O
            boolean interrupted = Thread.interrupted();
            int done = code;
            int recorded = Interrupts.recording(() -> AuditTrail.record(leaf, done));
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return recorded;
        }
    }
}
