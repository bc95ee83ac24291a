package org.gfctl.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.gfctl.core.NotImplementedException;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.FabricHome;
import org.gfctl.core.store.StoreCredentials;
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

    /** The fabric home ({@code --home}, {@code GFCTL_HOME}, {@code ~/.gfctl}). */
    protected FabricHome home() {
        return FabricHome.at(global().home());
    }

    /** The fabric of {@link #home()}; fails with exit 5 if there is none. */
    protected Fabric openFabric() {
        return Fabric.open(home(), global().store(), StoreCredentials.fromEnvironment(System.getenv()));
    }

    /** The fabric of {@link #home()} if one was initialized there. */
    protected Optional<Fabric> fabricIfExists() {
        return Fabric.openIfExists(home(), global().store(), StoreCredentials.fromEnvironment(System.getenv()));
    }

    /** For commands in the contract that have no implementation yet: exit 1, never a fake success. */
    protected final Integer notImplemented() {
        throw new NotImplementedException();
    }
}
