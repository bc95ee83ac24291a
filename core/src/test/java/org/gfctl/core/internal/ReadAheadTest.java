package org.gfctl.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ReadAheadTest {
    private static boolean producerAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("test-producer"));
    }

    @Test
    void itemsArriveInOrder_withTheProducerAtMostAheadItemsAhead() throws Exception {
        List<Integer> seen = new ArrayList<>();
        int[] maxAhead = {0};
        int[] produced = {0};
        ReadAhead.<Integer, IOException>run("test-producer", 2, sink -> {
            for (int i = 0; i < 1000; i++) {
                sink.put(i);
                synchronized (produced) {
                    produced[0] = i + 1;
                }
            }
        }, i -> {
            synchronized (produced) {
                maxAhead[0] = Math.max(maxAhead[0], produced[0] - i);
            }
            seen.add(i);
        });
        assertThat(seen).hasSize(1000).isSorted().doesNotHaveDuplicates();
        assertThat(maxAhead[0]).isLessThanOrEqualTo(2 + 1); // two queued, one being taken
        assertThat(producerAlive()).isFalse();
    }

    /** With the liveness check a minute apart, only the end marker can end these runs within the timeout. */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void theConsumerLearnsOfTheProducersEnd_fromItsMarker_withoutWaitingForTheLivenessCheck() throws Exception {
        List<Integer> seen = new ArrayList<>();
        ReadAhead.<Integer, IOException>run("test-producer", 2, sink -> {
            sink.put(1);
            sink.put(2);
        }, seen::add, 60_000);
        assertThat(seen).containsExactly(1, 2);
        assertThatThrownBy(() -> ReadAhead.<Integer, IOException>run("test-producer", 1, sink -> {
            sink.put(3);
            throw new IOException("disk gone");
        }, seen::add, 60_000)).isInstanceOf(IOException.class).hasMessage("disk gone");
        assertThat(seen).containsExactly(1, 2, 3);
        assertThat(producerAlive()).isFalse();
    }

    @Test
    void whatStopsTheProducer_isRethrownHere_afterWhatItPutBefore() {
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> ReadAhead.<Integer, IOException>run("test-producer", 2, sink -> {
            sink.put(1);
            sink.put(2);
            throw new IOException("disk gone");
        }, seen::add)).isInstanceOf(IOException.class).hasMessage("disk gone");
        assertThat(seen).containsExactly(1, 2);
        assertThatThrownBy(() -> ReadAhead.<Integer, IOException>run("test-producer", 2, sink -> {
            throw new OutOfMemoryError("no room");
        }, seen::add)).isInstanceOf(OutOfMemoryError.class).hasMessage("no room");
        assertThat(producerAlive()).isFalse();
    }

    @Test
    void aFailingConsumer_stopsAProducerBlockedOnAFullQueue() {
        assertThatThrownBy(() -> ReadAhead.<Integer, IOException>run("test-producer", 1, sink -> {
            for (int i = 0; ; i++) {
                sink.put(i);
            }
        }, i -> {
            if (i == 5) {
                throw new IllegalStateException("consumer failed at 5");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("consumer failed at 5");
        assertThat(producerAlive()).isFalse();
    }

    @Test
    void anInterruptedConsumer_stopsTheProducerAndSaysSo() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                ReadAhead.<Integer, IOException>run("test-producer", 2, sink -> {
                    started.countDown();
                    Thread.sleep(60_000); // a slow read
                }, i -> { });
            } catch (Exception e) {
                thrown.set(e);
            }
        });
        consumer.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        consumer.interrupt();
        consumer.join(10_000);
        assertThat(consumer.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(producerAlive()).isFalse();
    }
}
