package org.gfctl.cli;

import org.gfctl.core.disk.Progress;

/** Progress reporting for commands: a bar on a terminal, nothing otherwise. */
public final class ProgressBars {

    private ProgressBars() {}

    public static Progress forTerminal(Output output, String label) {
        return ProgressBar.forTerminal(output, label);
    }
}
