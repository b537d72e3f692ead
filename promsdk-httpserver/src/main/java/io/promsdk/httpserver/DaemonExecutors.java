package io.promsdk.httpserver;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads, so that an exporter never keeps the JVM alive on its own. */
final class DaemonExecutors {
  /** Requests waiting for a thread beyond this make the JDK's dispatcher wait: back-pressure. */
  private static final int QUEUE_CAPACITY = 256;

  private DaemonExecutors() {}

  static ThreadFactory threadFactory(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** At most {@code threads} threads, which end after a minute idle. */
  static ExecutorService boundedPool(int threads, String prefix) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(
        threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE_CAPACITY),
        threadFactory(prefix), DaemonExecutors::waitForRoom);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static void waitForRoom(Runnable task, ThreadPoolExecutor pool) {
    if (pool.isShutdown()) {
      throw new RejectedExecutionException("the exporter is shut down");
    }
    try {
      pool.getQueue().put(task);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RejectedExecutionException("interrupted while the exporter was busy", e);
    }
  }

  /**
   * Runs {@code action} on a fresh daemon thread and waits for it. The JDK's HTTP server creates
   * its dispatcher thread from the thread that calls {@code start()}, and a thread inherits
   * daemon status from its creator.
   */
  static void runOnDaemonThread(Runnable action, String name) {
    Thread t = new Thread(action, name);
    t.setDaemon(true);
    t.start();
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
