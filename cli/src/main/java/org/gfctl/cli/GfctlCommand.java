package org.gfctl.cli;

import java.nio.file.Path;
import java.util.List;
import org.gfctl.cli.audit.AuditCommand;
import org.gfctl.cli.disk.RotateKeyCommand;
import org.gfctl.cli.disk.ShieldVmCommand;
import org.gfctl.cli.disk.UnshieldCommand;
import org.gfctl.cli.disk.VerifyCommand;
import org.gfctl.cli.fabric.FabricCommand;
import org.gfctl.cli.host.AttestCommand;
import org.gfctl.cli.host.HostCommand;
import org.gfctl.cli.key.KeyCommand;
import org.gfctl.cli.operator.CompletionCommand;
import org.gfctl.cli.operator.ConsoleCommand;
import org.gfctl.cli.operator.QuickstartCommand;
import org.gfctl.cli.owner.OwnerCommand;
import org.gfctl.cli.policy.PolicyCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code gfctl} root command: global options and the command tree of the CLI contract.
 *
 * <p>Global options are {@link ScopeType#INHERIT inherited}, so {@code gfctl host list -o json}
 * and {@code gfctl -o json host list} mean the same; the values always land on this object, which
 * subcommands reach through {@link GfctlSubcommand#global()}.
 */
@Command(
        name = "gfctl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        header = "Administer a guarded fabric: shielded VM disks, TPM attestation, key release, audit.",
        description = "Shielded images are LUKS1 (aes-xts-plain64) with a CMS key protector, so a tenant can"
                + " always recover their data with openssl and cryptsetup alone. Keys are released only to hosts"
                + " whose TPM proves a healthy state.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            " 0:ok",
            " 1:failure",
            " 2:usage error",
            " 3:attestation failed or policy denied",
            " 4:integrity violation",
            " 5:not found",
            " 6:key or authorization refused"
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  GFCTL_HOME      default for --home (otherwise ~/.gfctl)",
            "  GFCTL_PASSWORD  password of a key store (else --password-file or a prompt)",
            "  NO_COLOR        disable colours",
            "",
            "Run 'gfctl COMMAND --help' for a command's options."
        })
public final class GfctlCommand implements Runnable {

    /**
     * The commands under {@code gfctl}, in the order help lists them. {@link Gfctl} adds them to
     * the tree rather than the {@code @Command} annotation, so that it can add only those a
     * command line names.
     */
    static final List<Class<?>> COMMANDS = List.of(
            QuickstartCommand.class,
            FabricCommand.class,
            OwnerCommand.class,
            HostCommand.class,
            AttestCommand.class,
            ShieldVmCommand.class,
            UnshieldCommand.class,
            VerifyCommand.class,
            KeyCommand.class,
            RotateKeyCommand.class,
            AuditCommand.class,
            PolicyCommand.class,
            ConsoleCommand.class,
            CompletionCommand.class);

    /** Output formats for {@code -o}. */
    public enum Format { text, json, yaml }

    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Fabric home: keys, store, history (default: $GFCTL_HOME or ~/.gfctl).")
    Path home;

    @Option(names = "--store", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Fabric store: a jdbc:sqlite: or jdbc:postgresql: URL (default: HOME/fabric.db).")
    String store;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: text).")
    Format output = Format.text;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Never use colours.")
    boolean noColor;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print only results and errors; no progress.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Explain more; show stack traces of errors.")
    boolean verbose;

    private java.util.Map<String, String> environment = System.getenv();

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND: run 'gfctl --help' to list them");
    }

    /** The fabric home: {@code --home}, else {@code $GFCTL_HOME}, else {@code ~/.gfctl}. */
    public Path home() {
        if (home != null) {
            return home;
        }
        String env = System.getenv("GFCTL_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".gfctl");
    }

    /** {@code --home} or {@code GFCTL_HOME} if the user gave one. */
    public java.util.Optional<Path> explicitHome() {
        if (home != null) {
            return java.util.Optional.of(home);
        }
        String env = System.getenv("GFCTL_HOME");
        return env == null || env.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(env));
    }

    public String store() {
        return store;
    }

    /**
     * The environment this invocation reads: {@code System.getenv()}, unless the caller of {@link
     * Gfctl#run(java.io.PrintWriter, java.io.PrintWriter, java.util.Map, String...)} gave another
     * (tests pass store credentials the way a user does, without changing the JVM's environment).
     */
    public java.util.Map<String, String> environment() {
        return environment;
    }

    void environment(java.util.Map<String, String> env) {
        this.environment = java.util.Map.copyOf(env);
    }

    /** Store credentials from {@link #environment()} ({@code GFCTL_STORE_CREDENTIALS} or user/password). */
    public org.gfctl.core.store.StoreCredentials storeCredentials() {
        return org.gfctl.core.store.StoreCredentials.fromEnvironment(environment);
    }

    public Format output() {
        return output;
    }

    public boolean quiet() {
        return quiet || output != Format.text;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean color() {
        return !noColor && System.getenv("NO_COLOR") == null && System.console() != null;
    }
}
