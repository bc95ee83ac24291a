package org.gfctl.cli;

import java.util.concurrent.Callable;
import org.gfctl.core.NotImplementedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every gfctl command: access to the global options and the output renderer.
 *
 * <p>Commands stay thin: parse, call one core service, render (STYLE.md §5).
 */
@Command
public abstract class GfctlSubcommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Mixin
    HelpOption help;

    /** The global options, wherever on the command line they were given. */
    protected GfctlCommand global() {
        return (GfctlCommand) spec.root().userObject();
    }

    /** The renderer for this invocation's {@code -o} format and streams. */
    protected Output output() {
        return Output.of(spec.commandLine());
    }

    /** For commands in the contract that have no implementation yet: exit 1, never a fake success. */
    protected final Integer notImplemented() {
        throw new NotImplementedException();
    }
}
