package org.gfctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gfctl.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The CLI contract of DESIGN.md: commands, global options, exit codes, error documents. */
class CliContractTest {

    @Test
    void help_matchesGoldenFile() {
        GfctlRunner.Result r = GfctlRunner.run("--help");
        assertThat(r.exitCode()).isZero();
        Golden.assertMatches("gfctl-help.txt", r.out());
    }

    @Test
    void help_listsEveryTopLevelCommand_andTheExitCodeTable() {
        String help = GfctlRunner.run("--help").out();
        for (String cmd : List.of("quickstart", "fabric", "owner", "host", "attest", "shield-vm", "unshield",
                "verify", "key", "rotate-key", "audit", "policy", "console", "completion")) {
            assertThat(help).containsPattern("(?m)^  " + cmd + " ");
        }
        assertThat(help).contains("4   integrity violation").contains("6   key or authorization refused");
    }

    static Stream<String> contractCommands() {
        return Stream.of("quickstart", "fabric init", "fabric trust-tpm-ca", "fabric export-certs",
                "fabric rotate-guardian", "owner init", "host enroll", "host list", "host show", "host remove",
                "host eventlog", "attest", "shield-vm", "unshield", "verify", "key reveal", "key release",
                "key unwrap", "rotate-key", "audit log", "audit verify", "audit proof", "audit check-proof",
                "audit report", "policy validate", "console", "completion");
    }

    @ParameterizedTest
    @MethodSource("contractCommands")
    void everyContractCommand_isRegistered_withHelp(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        GfctlRunner.Result r = GfctlRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Usage: gfctl " + command + " ");
    }

    @Test
    void everyCommand_acceptsTheGlobalOptions() {
        CommandLine cl = Gfctl.commandLine();
        List<CommandLine> all = new ArrayList<>();
        collect(cl, all);
        for (CommandLine c : all) {
            for (String option : List.of("--home", "--store", "-o", "--no-color", "-q", "-v")) {
                assertThat(c.getCommandSpec().findOption(option)).as(c.getCommandName() + " " + option).isNotNull();
            }
        }
    }

    @Test
    void aCommandLine_getsOnlyTheCommandsItNames_inHelpOrder_orAllWhenItNamesNone() {
        assertThat(Gfctl.commandsNamedIn("--home", "verify", "-o", "json", "rotate-key", "--in", "x"))
                .containsExactly(org.gfctl.cli.disk.VerifyCommand.class, org.gfctl.cli.disk.RotateKeyCommand.class);
        assertThat(Gfctl.commandsNamedIn("--help")).isEqualTo(GfctlCommand.COMMANDS);
        assertThat(Gfctl.commandsNamedIn("rotat-key", "--in", "x")).isEqualTo(GfctlCommand.COMMANDS);
    }

    @Test
    void aCommandNameAsAnOptionValue_isRefusedAsInTheWholeTree() {
        // picocli refuses a registered command's name as an option value; 'verify' is registered in both trees
        GfctlRunner.Result r = GfctlRunner.run("-o", "json", "--home", "verify", "rotate-key", "--in", "x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out().strip()).startsWith("{\"error\":{\"code\":2,\"message\":\"gfctl: Expected parameter for"
                + " option '--home' but found 'verify'");
    }

    @Test
    void unknownCommand_exits2_withSuggestion() {
        GfctlRunner.Result r = GfctlRunner.run("nosuch");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'nosuch'").contains("gfctl --help");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void usageError_withJsonOutput_isOneJsonDocumentOnStdout() {
        GfctlRunner.Result r = GfctlRunner.run("-o", "json", "shield-vm", "--in", "x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out().strip()).startsWith("{\"error\":{\"code\":2,\"message\":\"gfctl shield-vm: Missing required options");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void fabricCommandWithoutFabric_exits5_sayingWhatToDo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) {
        GfctlRunner.Result r = GfctlRunner.run("--home", home.resolve("none").toString(), "host", "list");
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.err()).contains("no fabric in").contains("gfctl fabric init");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void version_printsTheBuildVersion() {
        GfctlRunner.Result r = GfctlRunner.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).matches("gfctl \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    }

    @Test
    void jsonErrorMessages_areEscaped() {
        assertThat(org.gfctl.core.internal.JsonText.quote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    private static void collect(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        cl.getSubcommands().values().forEach(c -> collect(c, into));
    }

    @org.junit.jupiter.api.Test
    void theCommandName_skipsGlobalOptionsAndTheirValues_notArgumentValues() {
        org.assertj.core.api.Assertions.assertThat(Gfctl.commandName(new String[] {"--home", "console", "-o", "json",
            "host", "remove", "console"})).isEqualTo("host");
        org.assertj.core.api.Assertions.assertThat(Gfctl.commandName(new String[] {"-q", "console"})).isEqualTo("console");
        org.assertj.core.api.Assertions.assertThat(Gfctl.commandName(new String[] {"-qo", "json", "console"}))
                .isEqualTo("console");
        org.assertj.core.api.Assertions.assertThat(Gfctl.commandName(new String[] {"-ojson", "console"})).isEqualTo("console");
        org.assertj.core.api.Assertions.assertThat(Gfctl.commandName(new String[] {"--version"})).isNull();
    }
}
