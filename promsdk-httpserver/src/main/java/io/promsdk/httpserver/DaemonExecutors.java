package io.promsdk.httpserver;

import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** Daemon threads, so that an exporter never keeps the JVM alive on its own. */
final class DaemonExecutors {
  /**
   * How many requests may wait for a pool thread. One more is refused at once: the NIO engine
   * (the default) answers it {@code 503}, the JDK engine's dispatcher closes that connection. Neither
   * may wait for room: the NIO engine's selector thread would stop serving every connection, and
   * the JDK's dispatcher would stop accepting connections, {@code HttpServer.stop} waiting for it
   * forever.
   */
  static final int QUEUE_CAPACITY = 256;

  private static final System.Logger LOG = System.getLogger(HTTPServer.class.getName());

  private DaemonExecutors() {}

  static ThreadFactory threadFactory(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * At most {@code threads} threads, which end after a minute idle, and at most {@link
   * #QUEUE_CAPACITY} requests waiting for them; beyond that {@code execute} throws {@link
   * RejectedExecutionException} at once, never blocks.
   */
  static ExecutorService boundedPool(int threads, String prefix) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(
        threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE_CAPACITY),
        threadFactory(prefix), new RefuseAndWarn(prefix));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Refuses a request without waiting, and says so in the log (the JDK only logs the refusal at
   * TRACE level): at the first refusal, then at most once a minute with the count since.
   */
  private static final class RefuseAndWarn implements RejectedExecutionHandler {
    private final String name;
    private final RateLimitedWarning refusals = new RateLimitedWarning();

    RefuseAndWarn(String name) {
      this.name = name;
    }

    @Override
    public void rejectedExecution(Runnable task, ThreadPoolExecutor pool) {
      if (pool.isShutdown()) {
        throw new RejectedExecutionException("the exporter is shut down");
      }
      long refused = refusals.occurred();
      if (refused > 0) {
        // Only this is known: requests come faster than they are answered. Clients that read their
        // answers slowly and slow scrapes look the same here.
        LOG.log(Level.WARNING, "{0}: all {1} threads busy and {2} requests waiting; refused {3} request(s)"
            + " since the last warning. Scrape threads are held by slow scrapes (a slow collector) or by slow"
            + " clients (reading answers slowly); a thread dump of {0} shows which. More threads(..) help"
            + " only if the load is real.",
            name, pool.getMaximumPoolSize(), QUEUE_CAPACITY, refused);
      }
      throw new RejectedExecutionException(name + " is busy: all threads taken and the queue full");
    }
  }

  /**
   * The first half of closing a server: waits until no request is in flight or {@code
   * deadlineNanos} (a {@link System#nanoTime} value) has come, then shuts {@code ownPool} down
   * (null: the caller's executor, left alone), interrupting what still runs at the deadline and
   * dropping requests still queued.
   *
   * @return whether the calling thread was interrupted while waiting (its flag is not set again)
   */
  static boolean drain(IntSupplier inFlight, ExecutorService ownPool, long deadlineNanos) {
    boolean interrupted = false;
    while (inFlight.getAsInt() > 0 && System.nanoTime() < deadlineNanos && !interrupted) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (ownPool != null) {
      ownPool.shutdown(); // Queued requests still run, and get 503 at once.
      try {
        if (!ownPool.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          ownPool.shutdownNow(); // Interrupts scrapes still running; drops requests still queued.
        }
      } catch (InterruptedException e) {
        ownPool.shutdownNow();
        interrupted = true;
      }
    }
    return interrupted;
  }

  /**
   * Runs {@code action} on a fresh daemon thread, waits for it, and rethrows here what it threw.
   * The JDK's HTTP server creates its dispatcher thread from the thread that calls {@code start()},
   * and a thread inherits daemon status from its creator.
   *
   * @throws RuntimeException or {@link Error}: what {@code action} threw, as is
   */
  static void runOnDaemonThread(Runnable action, String name) {
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(() -> {
      try {
        action.run();
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, name);
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
    // join() makes the write to failure[0] visible here.
    Throwable f = failure[0];
    if (f instanceof RuntimeException e) {
      throw e;
    }
    if (f instanceof Error e) {
      throw e;
    }
    if (f != null) {
      throw new IllegalStateException(f);
    }
  }
}
