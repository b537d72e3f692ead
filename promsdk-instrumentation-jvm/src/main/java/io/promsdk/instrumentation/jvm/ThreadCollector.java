package io.promsdk.instrumentation.jvm;

import io.promsdk.core.FamilySink;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * {@link JvmMetrics.Group#THREADS}: thread counts, deadlock cycles and {@code jvm_threads_state{state}}
 * (every {@link Thread.State}, plus {@code UNKNOWN} for threads that ended between listing and
 * inspection). Counting states reads a {@link ThreadInfo} per live thread, the dearest read of
 * this module on a JVM with many threads.
 */
final class ThreadCollector extends JvmCollector {
  private static final MetricMetadata CURRENT = metadata("jvm_threads_current", "Current thread count of a JVM");
  private static final MetricMetadata DAEMON = metadata("jvm_threads_daemon", "Daemon thread count of a JVM");
  private static final MetricMetadata PEAK = metadata("jvm_threads_peak", "Peak thread count of a JVM");
  private static final MetricMetadata STARTED = metadata("jvm_threads_started", "Started thread count of a JVM");
  private static final MetricMetadata DEADLOCKED = metadata("jvm_threads_deadlocked", "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors or ownable synchronizers");
  private static final MetricMetadata DEADLOCKED_MONITOR = metadata("jvm_threads_deadlocked_monitor", "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors");
  private static final MetricMetadata STATE = metadata("jvm_threads_state", "Current count of threads by state");

  private static final Thread.State[] STATES = Thread.State.values();
  private static final int UNKNOWN = STATES.length; // index of the UNKNOWN series
  private static final Labels[] STATE_LABELS = stateLabels();

  private final ThreadMXBean threads;

  ThreadCollector(ThreadMXBean threads) {
    super(JvmMetrics.Group.THREADS, gauges(CURRENT, DAEMON, PEAK, DEADLOCKED, DEADLOCKED_MONITOR, STATE),
        counters(STARTED));
    this.threads = threads;
  }

  @Override
  public void collect(FamilySink sink) {
    sink.family(ReadFamily.gauge(CURRENT, threads.getThreadCount()));
    sink.family(ReadFamily.gauge(DAEMON, threads.getDaemonThreadCount()));
    sink.family(ReadFamily.gauge(PEAK, threads.getPeakThreadCount()));
    sink.family(ReadFamily.counter(STARTED, threads.getTotalStartedThreadCount()));
    sink.family(ReadFamily.gauge(DEADLOCKED, length(threads.findDeadlockedThreads())));
    sink.family(ReadFamily.gauge(DEADLOCKED_MONITOR, length(threads.findMonitorDeadlockedThreads())));
    sink.family(ReadFamily.gauge(STATE, STATE_LABELS, countStates()));
  }

  private double[] countStates() {
    double[] counts = new double[STATES.length + 1];
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
      counts[info == null ? UNKNOWN : info.getThreadState().ordinal()]++;
    }
    return counts;
  }

  /** The deadlock finders return null, not an empty array, when there is no deadlock. */
  private static int length(long[] threadIds) {
    return threadIds == null ? 0 : threadIds.length;
  }

  private static Labels[] stateLabels() {
    Labels[] labels = new Labels[STATES.length + 1];
    for (Thread.State state : STATES) {
      labels[state.ordinal()] = Labels.of("state", state.name());
    }
    labels[UNKNOWN] = Labels.of("state", "UNKNOWN");
    return labels;
  }
}
