package org.gfctl.core.internal;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Items produced on a thread of their own, a bounded number ahead of the thread that consumes them:
 * on two cores the producing (say, database reads) overlaps the consuming (hashing).
 *
 * <p>The consumer waits for the producer's end, not for a marker the producer must manage to put,
 * so a producer stopped by anything (an {@code Error} included) never leaves it waiting; what
 * stopped the producer is rethrown on the consumer's thread. If the consumer fails, the producer
 * is interrupted and waited for before the failure propagates.
 */
public final class ReadAhead {
    private ReadAhead() {}

    /** Makes the items, in order. */
    @FunctionalInterface
    public interface Producer<T, X extends Exception> {
        void produce(Sink<T> sink) throws X, InterruptedException;
    }

    /** Where the producer puts each item; blocks while the consumer is the given number behind. */
    @FunctionalInterface
    public interface Sink<T> {
        void put(T item) throws InterruptedException;
    }

    /**
     * Runs {@code producer} on a daemon thread named {@code name} and passes each item to
     * {@code consumer} on this thread, in order, with at most {@code ahead} items waiting.
     *
     * @throws X what stopped the producer (runtime exceptions and errors too)
     * @throws InterruptedException if this thread is interrupted while waiting (the producer is stopped)
     */
    public static <T, X extends Exception> void run(String name, int ahead, Producer<T, X> producer,
            Consumer<T> consumer) throws X, InterruptedException {
        BlockingQueue<T> items = new ArrayBlockingQueue<>(ahead);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                producer.produce(items::put);
            } catch (InterruptedException e) {
                // the consumer stopped taking: nothing is waiting for the rest
            } catch (Throwable t) { // anything that ends the producer must reach the consumer
                failure.set(t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        try {
            for (T item = next(items, thread); item != null; item = next(items, thread)) {
                consumer.accept(item);
            }
        } finally {
            thread.interrupt();
            Threads.joinUninterruptibly(List.of(thread));
        }
        ReadAhead.<X>rethrow(failure.get());
    }

    /** The next item, or null once the producer has ended and left nothing more. */
    private static <T> T next(BlockingQueue<T> items, Thread producer) throws InterruptedException {
        while (true) {
            T item = items.poll(100, TimeUnit.MILLISECONDS);
            if (item != null) {
                return item;
            }
            if (!producer.isAlive()) {
                return items.poll(); // what it put before it ended, if anything
            }
        }
    }

    /** Rethrows {@code t}: a producer throws only {@code X}, runtime exceptions and errors. */
    @SuppressWarnings("unchecked")
    private static <X extends Exception> void rethrow(Throwable t) throws X {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw (X) t;
        }
    }
}
