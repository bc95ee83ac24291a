package org.gfctl.core.shield;

import java.io.IOException;
import java.nio.file.Path;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;

/** Turns I/O failures of long disk work into messages that say what happened and what is left. */
final class DiskErrors {

    private DiskErrors() {}

    static GfctlException io(String what, Path out, IOException e) {
        if (e instanceof java.nio.channels.ClosedByInterruptException) {
            return interrupted(what, out, e);
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String hint = m.contains("No space left") ? "the disk is full: free space or write elsewhere"
                : m.contains("Permission denied") ? "permission denied: check the file and directory permissions" : m;
        return new GfctlException(ExitCode.FAILURE, what + " failed: " + hint + "; nothing was written under " + out, e);
    }

    static GfctlException interrupted(String what, Path out, Exception e) {
        return new GfctlException(ExitCode.FAILURE, what + " was interrupted (Ctrl-C); nothing was written under " + out, e);
    }

    static GfctlException unexpected(String what, Path out, Exception e) {
        if (e instanceof InterruptedException || e instanceof java.nio.channels.ClosedByInterruptException) {
            Thread.currentThread().interrupt();
            return interrupted(what, out, e);
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new GfctlException(ExitCode.FAILURE, what + " failed: " + m + "; nothing was written under " + out, e);
    }
}
