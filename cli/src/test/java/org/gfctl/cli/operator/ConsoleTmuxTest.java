package org.gfctl.cli.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.gfctl.cli.Gfctl;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.DiskImages;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real terminal (tmux): TAB completes shield-vm's options, a command runs and
 * prints, Ctrl-C during a long shield-vm cancels it and leaves no output while the shell survives,
 * and exit leaves.
 */
class ConsoleTmuxTest {
    @TempDir
    Path dir;
    String tmux;
    String session;

    @Test
    void completion_commands_ctrlC_andExit_inARealTerminal() throws Exception {
        tmux = Tools.require("tmux", "tmux");
        session = "gfctl-console-" + ProcessHandle.current().pid();
        Path home = dir.resolve("home");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "pw\n");
        Path owner = dir.resolve("o.p12");
        assertThat(GfctlRunner.run("owner", "init", "--out", owner.toString(), "--password-file", pw.toString()).exitCode())
                .isZero();
        Path image = DiskImages.generate(dir.resolve("big.raw"), 1024L * DiskImages.EXTENT, DiskImages.Layout.RANDOM, 8);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = java + " -cp " + System.getProperty("java.class.path") + " " + Gfctl.class.getName() + " --home " + home
                + " console";
        tmux("new-session", "-d", "-s", session, "-x", "220", "-y", "50", cmd);
        await(s -> s.contains("gfctl (no fabric)>"), "the prompt");

        type("shield-vm --ow");
        tmux("send-keys", "-t", session, "Tab");
        await(s -> s.contains("shield-vm --owner"), "completion of --owner");
        tmux("send-keys", "-t", session, "C-u");
        type("shield-vm --");
        tmux("send-keys", "-t", session, "Tab", "Tab");
        await(s -> s.contains("--release-policy") && s.contains("--no-guardian"), "the list of shield-vm options");
        tmux("send-keys", "-t", session, "C-u");

        type("--version");
        tmux("send-keys", "-t", session, "Enter");
        await(s -> s.contains("gfctl 0."), "the version printed by a command");

        Path out = dir.resolve("big.luks");
        type("shield-vm --in " + image + " --out " + out + " --owner " + owner + " --password-file " + pw + " --threads 1");
        tmux("send-keys", "-t", session, "Enter");
        awaitFile(dir, ".gfctl-tmp-");
        tmux("send-keys", "-t", session, "C-c");
        await(s -> s.contains("interrupted") && s.trim().endsWith("gfctl (no fabric)>"), "the command cancelled, prompt back");
        assertThat(out).doesNotExist();

        type("exit");
        tmux("send-keys", "-t", session, "Enter");
        for (int i = 0; i < 100 && sessionAlive(); i++) {
            Thread.sleep(100);
        }
        assertThat(sessionAlive()).as("the console exited").isFalse();
        assertThat(home.resolve("history")).exists();
    }

    @AfterEach
    void kill() {
        if (tmux != null && session != null) {
            Processes.run(tmux, "kill-session", "-t", session);
        }
    }

    private void tmux(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = tmux;
        System.arraycopy(args, 0, all, 1, args.length);
        Processes.run(all).requireSuccess();
    }

    /** Types {@code text} literally (tmux would read a leading "--" as its own flag). */
    private void type(String text) {
        tmux("send-keys", "-t", session, "-l", "--", text);
    }

    private String screen() {
        return Processes.run(tmux, "capture-pane", "-p", "-t", session, "-S", "-200").stdout();
    }

    private boolean sessionAlive() {
        return Processes.run(tmux, "has-session", "-t", session).exitCode() == 0;
    }

    private void await(Predicate<String> ok, String what) throws InterruptedException {
        String s = "";
        for (int i = 0; i < 600; i++) {
            s = screen();
            if (ok.test(s)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; screen:\n" + s);
    }

    private static void awaitFile(Path dir, String infix) throws Exception {
        for (int i = 0; i < 600; i++) {
            try (var files = Files.list(dir)) {
                if (files.anyMatch(p -> p.getFileName().toString().contains(infix))) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the command never started writing");
    }

}
