package org.gfctl.cli;

import java.io.PrintWriter;
import org.gfctl.core.disk.Progress;

/**
 * A one-line progress bar on stderr: percent, MB/s and ETA, redrawn in place.
 *
 * <p>Shown only on a terminal and never with {@code -q} or a machine output format, so scripts
 * and CI logs stay clean.
 */
final class ProgressBar implements Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String label;
    private final long startNanos = System.nanoTime();
    private boolean drawn;

    private ProgressBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    /** A bar for {@code label}, or {@link Progress#NONE} when nothing should be drawn. */
    static Progress forTerminal(Output output, String label) {
        if (output.quiet() || !stderrIsTerminal()) {
            return Progress.NONE;
        }
        return new ProgressBar(output.err(), label);
    }

    @Override
    public void update(long done, long total) {
        double fraction = total == 0 ? 1 : (double) done / total;
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        double mbps = done / 1e6 / seconds;
        long eta = mbps > 0 ? (long) ((total - done) / 1e6 / mbps) : 0;
        int filled = (int) (fraction * WIDTH);
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        err.printf("\r%s [%s] %3d%%  %7.1f MB/s  ETA %d:%02d ", label, bar, (int) (fraction * 100), mbps,
                eta / 60, eta % 60);
        if (done >= total) {
            err.println();
        }
        err.flush();
        drawn = true;
    }

    boolean drawn() {
        return drawn;
    }

    /**
     * Whether the process's stderr, where the bar is drawn, is a terminal: on Linux from what file
     * descriptor 2 is ({@code /proc/self/fd/2}), so {@code gfctl shield-vm ... > log} still shows
     * it; elsewhere {@code System.console()}, which needs stdin and stdout to be terminals.
     */
    static boolean stderrIsTerminal() {
        try {
            String fd2 = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return fd2.startsWith("/dev/pts/") || fd2.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
