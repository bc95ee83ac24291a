package org.gfctl.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C in a standalone gfctl process: the first SIGINT interrupts the command's thread, so that
 * long work stops the way it stops on any failure (workers end, temp files are removed) and says
 * "interrupted (Ctrl-C)"; the process then exits 130, as shells expect of an interrupted command.
 * A command that does not stop within {@value #GRACE_MS} ms, or a second Ctrl-C, ends the process
 * through {@code System.exit(130)}, whose shutdown hooks still remove temp files. Nothing is left
 * under an output's final name either way (outputs are named only when complete).
 */
final class Interrupts {
    static final int EXIT = 130;
    static final long GRACE_MS = 3000;
    private static final AtomicBoolean RECEIVED = new AtomicBoolean();
    /**
     * Set while the command's audit entry is written: a Ctrl-C then interrupts nothing (the store's
     * and the head file's I/O must finish) and the deadline waits for it (up to a minute). Guarded by
     * the class lock together with the handler's check.
     */
    private static boolean recording;

    private Interrupts() {}

    /** Handles SIGINT for {@code commandThread}; without signal support (or a JVM flag) the default stays. */
    static void install(Thread commandThread) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
                if (RECEIVED.getAndSet(true)) {
                    System.exit(EXIT);
                }
                synchronized (Interrupts.class) {
                    if (!recording) {
                        commandThread.interrupt();
                    }
                }
                Thread deadline = new Thread(() -> {
                    try {
                        Thread.sleep(GRACE_MS);
                        for (int i = 0; i < 600 && isRecording(); i++) { // an interrupted command is still audited
                            Thread.sleep(100);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.exit(EXIT);
                }, "gfctl-interrupt-deadline");
                deadline.setDaemon(true);
                deadline.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // SIGINT is reserved here (-Xrs, an embedding): the JVM's default handling stays
        }
    }

    /** Runs {@code work} (writing the audit entry) with the exit deadline held off. */
    static int recording(java.util.function.IntSupplier work) {
        boolean interrupted;
        synchronized (Interrupts.class) {
            recording = true;
            interrupted = Thread.interrupted(); // a Ctrl-C just before: its interrupt must not stop the I/O
        }
        try {
            return work.getAsInt();
        } finally {
            synchronized (Interrupts.class) {
                recording = false;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static synchronized boolean isRecording() {
        return recording;
    }

    /** Whether a SIGINT arrived during this process. */
    static boolean received() {
        return RECEIVED.get();
    }
}
