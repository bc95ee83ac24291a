package org.gfctl.cli.operator;

import java.nio.file.Path;
import java.util.List;
import org.gfctl.cli.Gfctl;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.FabricHome;
import org.gfctl.core.store.HostRecord;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.core.store.VolumeRecord;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.builtins.Completers;
import picocli.shell.jline3.PicocliJLineCompleter;

/**
 * TAB completion in the console: commands, options and enum values from the picocli model, file
 * paths for file options, TPM spec forms, and the fabric's host and volume names from the store.
 */
final class ConsoleCompleter implements Completer {
    private static final List<String> TPM_SPECS = List.of("device:/dev/tpmrm0", "swtpm:127.0.0.1:2321", "mssim:127.0.0.1:2321");
    private final Path home;
    private final String store;
    private final Completer model = new PicocliJLineCompleter(Gfctl.commandLine().getCommandSpec());
    private final Completer files = new Completers.FileNameCompleter();

    ConsoleCompleter(Path home, String store) {
        this.home = home;
        this.store = store;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        String previous = line.wordIndex() > 0 ? words.get(line.wordIndex() - 1) : "";
        boolean hostArg = previous.equals("--host") || previous.equals("--name") && words.contains("enroll")
                || words.size() >= 2 && words.get(0).equals("host") && (words.get(1).equals("show") || words.get(1).equals("remove"))
                        && line.wordIndex() == 2;
        if (previous.equals("--tpm")) {
            TPM_SPECS.forEach(s -> candidates.add(new Candidate(s)));
        } else if (hostArg) {
            names(true).forEach(s -> candidates.add(new Candidate(s)));
        } else if (previous.equals("--in") || previous.equals("--out") || previous.equals("--owner") || previous.endsWith("-file")
                || previous.equals("--owner-key") || previous.equals("--kp") || previous.equals("--released")
                || previous.equals("--health") || previous.equals("--image")) {
            files.complete(reader, line, candidates);
            if (previous.equals("--in")) {
                names(false).forEach(s -> candidates.add(new Candidate(s, s, "inventoried volumes", null, null, null, true)));
            }
        } else {
            model.complete(reader, line, candidates);
        }
    }

    /** Host names, or inventoried image paths, of the fabric under home (none without a fabric). */
    private List<String> names(boolean hosts) {
        FabricHome fh = FabricHome.at(home);
        if (!fh.exists()) {
            return List.of();
        }
        try (Fabric f = Fabric.open(fh, store, StoreCredentials.fromEnvironment(System.getenv()))) {
            return hosts ? f.store().hosts().list().stream().filter(HostRecord::active).map(HostRecord::name).toList()
                    : f.store().volumes().list().stream().map(VolumeRecord::imagePath).filter(p -> p != null).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
