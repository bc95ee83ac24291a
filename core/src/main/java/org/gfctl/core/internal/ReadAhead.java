package org.gfctl.core.internal;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Items produced on a thread of their own, a bounded number ahead of the thread that consumes them:
 * on two cores the producing (say, database reads) overlaps the consuming (hashing).
 *
 * <p>The producer's thread ends by queueing an end marker, for which the queue always keeps room,
 * so the consumer learns of the end at once. It does not rely on that marker alone: it also checks
 * every {@value #CHECK_MS} ms whether the producer's thread is still alive, so a producer stopped
 * by anything (an {@code Error} included) never leaves it waiting; what stopped the producer is
 * rethrown on the consumer's thread. If the consumer fails, the producer is interrupted and waited
 * for before the failure propagates.
 */
public final class ReadAhead {
    /** How often a waiting consumer checks that the producer's thread is still alive. */
    static final long CHECK_MS = 100;
    /** Queued after the producer's last item, from its thread's last step. */
    private static final Object END = new Object();

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
        run(name, ahead, producer, consumer, CHECK_MS);
    }

    /** {@link #run(String, int, Producer, Consumer)} checking the producer's thread every {@code checkMs}. */
    static <T, X extends Exception> void run(String name, int ahead, Producer<T, X> producer,
            Consumer<T> consumer, long checkMs) throws X, InterruptedException {
        // ahead items and the end marker: the marker's offer never finds the queue full
        BlockingQueue<Object> items = new ArrayBlockingQueue<>(ahead + 1);
        Semaphore room = new Semaphore(ahead);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                producer.produce(item -> {
                    room.acquire();
                    items.add(item);
                });
            } catch (InterruptedException e) {
                // the consumer stopped taking: nothing is waiting for the rest
            } catch (Throwable t) { // anything that ends the producer must reach the consumer
                failure.set(t);
            } finally {
                items.offer(END);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        try {
            for (Object item = next(items, thread, checkMs); item != END; item = next(items, thread, checkMs)) {
                room.release();
                @SuppressWarnings("unchecked")
                T t = (T) item;
                consumer.accept(t);
            }
        } finally {
            thread.interrupt();
            Threads.joinUninterruptibly(List.of(thread));
        }
        ReadAhead.<X>rethrow(failure.get());
    }

    /** The next item, or {@link #END} once the producer has ended and left nothing more. */
    private static Object next(BlockingQueue<Object> items, Thread producer, long checkMs) throws InterruptedException {
        while (true) {
            Object item = items.poll(checkMs, TimeUnit.MILLISECONDS);
            if (item != null) {
                return item;
            }
            if (!producer.isAlive()) {
                item = items.poll(); // what it put before it ended, if anything
                return item == null ? END : item;
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
