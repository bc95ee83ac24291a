package org.gfctl.core.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The benchmark thread's own CPU time, reported next to the throughput as two secondary results
 * that JMH sums over the measurement iterations: {@code cpuMicros} and {@code calls}; their ratio
 * is the CPU microseconds one verification costs.
 *
 * <p>On a shared machine throughput measures the scheduler as much as the code: when the
 * benchmark thread waits for a core, ops/s drops while the work per operation does not. The
 * thread's CPU time (ThreadMXBean: GC and JIT threads excluded) divided by the calls is that work,
 * and 1,000,000 / (cpuMicros / calls) what one idle core would sustain. Only an estimate: a core
 * shared with other work also runs each instruction slower (caches, SMT siblings).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long startNanos;
    /** Thread CPU microseconds used during the iteration (a JMH counter). */
    public long cpuMicros;
    /** Benchmark calls made during the iteration (a JMH counter). */
    public long calls;

    @Setup(Level.Iteration)
    public void start() {
        cpuMicros = 0;
        calls = 0;
        startNanos = THREADS.getCurrentThreadCpuTime();
    }

    void count() {
        calls++;
    }

    @TearDown(Level.Iteration)
    public void stop() {
        cpuMicros = (THREADS.getCurrentThreadCpuTime() - startNanos) / 1_000;
    }
}
