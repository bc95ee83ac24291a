package org.gfctl.cli;

import java.io.PrintWriter;
import org.gfctl.core.Bug;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.internal.JsonText;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into its exit code and one message: on stderr as text, or as a single
 * {@code {"error":{...}}} document on stdout with {@code -o json}.
 *
 * <p>Stack traces appear only with {@code -v}, except for {@link Bug}s, which are always shown
 * because they mean gfctl itself is wrong.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String message = ex.getMessage();
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            message += " (did you mean: " + String.join(", ", u.getSuggestions()) + "?)";
        }
        message += "; run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage";
        report(cl, ExitCode.USAGE.code(), message, null);
        return ExitCode.USAGE.code();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        if (ex instanceof ParameterException pe) {
            return handleParseException(pe, parseResult.originalArgs().toArray(new String[0]));
        }
        int code;
        String message;
        java.util.Map<String, Object> details = java.util.Map.of();
        if (ex instanceof GfctlException g) {
            code = g.exitCode().code();
            message = g.getMessage();
            details = g.details();
        } else if (ex instanceof Bug) {
            code = ExitCode.FAILURE.code();
            message = "internal error (a bug in gfctl, please report it): " + ex.getMessage();
            report(cl, code, message, ex);
            return code;
        } else {
            code = ExitCode.FAILURE.code();
            message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        }
        report(cl, code, message, verbose(cl) ? ex : null, details);
        return code;
    }

    private static void report(CommandLine cl, int code, String message, Throwable trace) {
        report(cl, code, message, trace, java.util.Map.of());
    }

    private static void report(CommandLine cl, int code, String message, Throwable trace,
            java.util.Map<String, Object> details) {
        String full = cl.getCommandSpec().qualifiedName() + ": " + message;
        if (json(cl)) {
            PrintWriter out = cl.getOut();
            out.println("{\"error\":{\"code\":" + code + ",\"message\":" + JsonText.quote(full)
                    + (details.isEmpty() ? "" : ",\"details\":" + Output.compactJson(details)) + "}}");
            out.flush();
        } else {
            cl.getErr().println(full);
        }
        if (trace != null) {
            trace.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
    }

    private static GfctlCommand root(CommandLine cl) {
        return (GfctlCommand) cl.getCommandSpec().root().userObject();
    }

    private static boolean json(CommandLine cl) {
        return root(cl).output() == GfctlCommand.Format.json;
    }

    private static boolean verbose(CommandLine cl) {
        return root(cl).verbose();
    }
}
