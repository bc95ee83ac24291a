package org.gfctl.cli.host;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.gfctl.cli.GfctlSubcommand;
import org.gfctl.core.NotFoundException;
import org.gfctl.tpm.eventlog.EventLog;
import org.gfctl.tpm.eventlog.EventLogParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gfctl host eventlog FILE}: a {@code tpm2_eventlog} equivalent. */
@Command(name = "eventlog", header = "Parse a TCG event log and replay it to PCR values.")
public final class EventLogCommand extends GfctlSubcommand {
    @Parameters(paramLabel = "FILE", description = "Binary event log, e.g. /sys/kernel/security/tpm0/binary_bios_measurements.")
    Path file;

    @Override
    public Integer call() throws IOException {
        EventLog log;
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
