package org.gfctl.core.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work started on another thread, with its exception rethrown as if thrown here. */
public final class Futures {
    private Futures() {}

    /**
     * The value of {@code future} once complete, or the exception that stopped it (a wrong password,
     * a missing file) unwrapped from its {@link CompletionException}.
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Rethrows {@link #await}'s exception if {@code future} already failed; returns at once otherwise. */
    public static void failFast(CompletableFuture<?> future) {
        if (future.isCompletedExceptionally()) {
            await(future);
        }
    }

    /** {@code future}'s value if it already succeeded; empty while it runs or after it failed. Never waits. */
    public static <T> Optional<T> valueIfDone(CompletableFuture<T> future) {
        return future.isDone() && !future.isCompletedExceptionally() ? Optional.ofNullable(future.join())
                : Optional.empty();
    }

    /**
     * The error to report when {@code e} stopped work that overlapped {@code earlier} (waiting for a
     * key store that decrypts on another thread): {@code earlier}'s own failure if it fails too,
     * with {@code e} suppressed, as if it had run first (a wrong password before what it hid);
     * {@code e} otherwise. Runs, and so waits for, {@code earlier}.
     */
    public static RuntimeException failureOfFirst(Runnable earlier, RuntimeException e) {
        try {
            earlier.run();
        } catch (RuntimeException first) {
            if (first != e) {
                first.addSuppressed(e);
            }
            return first;
        }
        return e;
    }

    /** Waits until {@code future} is done, whether it succeeded or not, ignoring its outcome. */
    public static void settle(CompletableFuture<?> future) {
        future.handle((value, failure) -> null).join();
    }
}
