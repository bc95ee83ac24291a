package org.gfctl.core.quickstart;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;

/** Runs named steps in order, timing each; the first failure stops the run and names its step. */
public final class Steps {
    /** One finished step: its name, what it did, and how long it took. */
    public record Step(int number, String name, boolean ok, String detail, double seconds) {}

    private final List<Step> done = new ArrayList<>();
    private final Consumer<Step> listener;

    Steps(Consumer<Step> listener) {
        this.listener = listener;
    }

    <T> T run(String name, Callable<T> action, java.util.function.Function<T, String> describe) {
        long t0 = System.nanoTime();
        try {
            T result = action.call();
            record(new Step(done.size() + 1, name, true, describe.apply(result), seconds(t0)));
            return result;
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            record(new Step(done.size() + 1, name, false, why, seconds(t0)));
            ExitCode code = e instanceof GfctlException g ? g.exitCode() : ExitCode.FAILURE;
            throw new GfctlException(code, "quickstart failed at step " + done.size() + " (" + name + "): " + why, e);
        }
    }

    List<Step> done() {
        return List.copyOf(done);
    }

    private void record(Step s) {
        done.add(s);
        listener.accept(s);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
