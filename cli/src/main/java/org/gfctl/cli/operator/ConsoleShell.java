package org.gfctl.cli.operator;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.gfctl.cli.Gfctl;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.FabricHome;
import org.gfctl.core.store.StoreCredentials;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The JLine 3 read-eval loop behind {@code gfctl console}.
 *
 * <p>Each line runs as a fresh gfctl invocation (through {@link Gfctl#run}, the same entry the
 * shell uses), on a worker thread, so that Ctrl-C can interrupt the command — the disk engine
 * then stops, deletes its partial output and reports it — while the shell itself carries on.
 */
final class ConsoleShell {
    private final Path home;
    private final String store;

    ConsoleShell(Path home, String store) {
        this.home = home;
        this.store = store;
    }

    int run() throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().name("gfctl").system(true).build()) {
            Files.createDirectories(home);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("gfctl")
                    .completer(new ConsoleCompleter(home, store))
                    .parser(new DefaultParser())
                    .variable(LineReader.HISTORY_FILE, home.resolve("history"))
                    .build();
            PrintWriter out = terminal.writer();
            out.println("gfctl console: TAB completes, 'help' lists commands, Ctrl-C cancels a command, 'exit' leaves.");
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt());
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return 0;
                }
                List<String> words = reader.getParser().parse(line, line.length()).words().stream()
                        .filter(w -> !w.isEmpty()).toList();
                if (words.isEmpty()) {
                    continue;
                }
                if (words.get(0).equals("exit") || words.get(0).equals("quit")) {
                    return 0;
                }
                List<String> args = words.get(0).equals("help") ? List.of("--help") : words;
                if (args.get(0).equals("gfctl")) {
                    args = args.subList(1, args.size());
                }
                runCancellable(terminal, out, args);
            }
        }
    }

    private void runCancellable(Terminal terminal, PrintWriter out, List<String> args) {
        String[] full = withHome(args);
        AtomicReference<Integer> code = new AtomicReference<>();
        Thread worker = new Thread(() -> code.set(Gfctl.run(out, out, full)), "gfctl-console-command");
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> worker.interrupt());
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
        if (code.get() != null && code.get() != 0) {
            out.println("(exit " + code.get() + ")");
        }
        out.flush();
    }

    private String[] withHome(List<String> args) {
        boolean hasHome = args.stream().anyMatch(a -> a.equals("--home") || a.startsWith("--home="));
        if (hasHome) {
            return args.toArray(String[]::new);
        }
        String[] full = new String[args.size() + 2];
        full[0] = "--home";
        full[1] = home.toString();
        for (int i = 0; i < args.size(); i++) {
            full[i + 2] = args.get(i);
        }
        return full;
    }

    /** The fabric's state in the prompt: its short id, host and volume counts. */
    private String prompt() {
        FabricHome fh = FabricHome.at(home);
        if (!fh.exists()) {
            return "gfctl (no fabric)> ";
        }
        try (Fabric f = Fabric.open(fh, store, StoreCredentials.fromEnvironment(System.getenv()))) {
            long hosts = f.store().hosts().list().stream().filter(h -> h.active()).count();
            return "gfctl " + f.id().substring(0, 8) + " [" + hosts + " hosts, " + f.store().volumes().list().size()
                    + " volumes]> ";
        } catch (RuntimeException e) {
            return "gfctl (fabric unreadable)> ";
        }
    }
}
