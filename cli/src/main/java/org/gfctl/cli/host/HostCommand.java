package org.gfctl.cli.host;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.cli.HelpOption;
import org.gfctl.core.NotFoundException;
import org.gfctl.tpm.eventlog.EventLogParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gfctl host}: enrolled hosts and their TPM evidence. */
@Command(name = "host", header = "Enroll, list and remove hosts; read TCG event logs.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {HostCommand.Enroll.class, HostCommand.List.class, HostCommand.Show.class,
                HostCommand.Remove.class, HostCommand.EventLog.class})
public final class HostCommand {

    @Mixin
    HelpOption help;

    @Command(name = "enroll", header = "Enroll a host by its TPM: EK chain, AK activation, optional baseline.")
    public static final class Enroll extends GfctlSubcommand {
        @Option(names = "--tpm", paramLabel = "SPEC", required = true,
                description = "device:/dev/tpmrm0 | swtpm:HOST:PORT | mssim:HOST:PORT")
        String tpm;

        @Option(names = "--name", paramLabel = "N", description = "Host name (default: this machine's host name).")
        String name;

        @Option(names = "--group", paramLabel = "G", description = "Host group used by release policies.")
        String group;

        @Option(names = "--baseline", description = "Make this host's current PCRs and event log its attestation policy.")
        boolean baseline;

        @Override
        public Integer call() {
            return notImplemented();
        }
    }

    @Command(name = "list", header = "List enrolled hosts.")
    public static final class List extends GfctlSubcommand {
        @Override
        public Integer call() {
            return notImplemented();
        }
    }

    @Command(name = "show", header = "Show one host: identity, group, last attestation.")
    public static final class Show extends GfctlSubcommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return notImplemented();
        }
    }

    @Command(name = "remove", header = "Remove a host; its health certificates stop being honoured.")
    public static final class Remove extends GfctlSubcommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return notImplemented();
        }
    }

    @Command(name = "eventlog", header = "Parse a TCG event log and replay it to PCR values.")
    public static final class EventLog extends GfctlSubcommand {
        @Parameters(paramLabel = "FILE", description = "Binary event log, e.g. /sys/kernel/security/tpm0/binary_bios_measurements.")
        Path file;

        @Override
        public Integer call() throws IOException {
            org.gfctl.tpm.eventlog.EventLog log;
            try {
                log = EventLogParser.read(file);
            } catch (NoSuchFileException e) {
                throw new NotFoundException("no event log at " + file);
            }
            EventLogView view = EventLogView.of(log);
            output().result(view, view::print);
            return 0;
        }
    }
}
