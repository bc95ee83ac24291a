package org.gfctl.core.internal;

import java.util.Collection;

/** Waiting for threads of our own (the disk engine's workers, a {@link ReadAhead} producer). */
public final class Threads {
    private Threads() {}

    /**
     * Waits until every thread in {@code threads} has ended, even if this thread is interrupted
     * meanwhile (its caller is about to close what they use: keys, channels); the interrupt is then
     * set again.
     */
    public static void joinUninterruptibly(Collection<Thread> threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
