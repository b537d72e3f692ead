package io.promsdk.core.metrics;

import java.lang.management.ManagementFactory;

/** Measures what a piece of work allocates on this thread, with the JVM's per-thread counter. */
final class AllocatedBytes {
  private AllocatedBytes() {}

  /**
   * Runs {@code work} {@code warmUps} times (so that the JIT removes what it can), then once more,
   * and returns the bytes that last run allocated divided by {@code calls}, the calls it makes.
   */
  static double perCall(Runnable work, int warmUps, long calls) {
    for (int warm = 0; warm < warmUps; warm++) {
      work.run();
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    work.run();
    return (double) (threads.getCurrentThreadAllocatedBytes() - before) / calls;
  }
}
