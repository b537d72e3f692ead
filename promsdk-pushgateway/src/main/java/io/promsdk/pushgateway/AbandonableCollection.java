package io.promsdk.pushgateway;

import io.promsdk.core.CollectorRegistry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the collection (and serialization) of a push body on its own daemon thread, so that the
 * pushing thread can stop waiting for it at the push's deadline whatever a collector does.
 *
 * <p>A collection that misses its deadline is <em>abandoned</em>: interrupted and left to end on
 * its thread (Java cannot stop a thread). Threads must not pile up when a collector hangs for
 * good, so while an abandoned collection of a registry still runs, pushes of that registry start
 * no new one and fail at once, saying so.
 *
 * <p>Invariants, all under {@link #LOCK}:
 * <ul>
 *   <li>{@link #ABANDONED} maps a registry to at most one abandoned collection that has not
 *       ended; an entry is only added for a collection not yet {@code ended}, and removed by that
 *       collection's thread when it ends, so an entry never outlives its thread's work.
 *   <li>A push starts a collection only after finding no entry for its registry. Two pushes that
 *       race past the check may both start one, so the abandoned threads of a registry are bounded
 *       by the number of threads pushing it at the same moment, never by the number of pushes.
 * </ul>
 * Collections that end in time are not tracked: each runs on a thread of its own while its
 * caller waits, so concurrent pushes of one registry still collect concurrently.
 */
final class AbandonableCollection {
  private static final System.Logger LOG = System.getLogger(PushGateway.class.getName());
  private static final Object LOCK = new Object();
  // The weak keys free nothing: each value holds its registry strongly (its registry field) and
  // a hanging collection's thread holds it anyway. What bounds the map is that the collection's
  // thread removes its entry when it ends (the first invariant above), hanging ones excepted.
  private static final Map<CollectorRegistry, AbandonableCollection> ABANDONED =
      new WeakHashMap<>();
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();
  // Frames skipped when naming where a collection hangs: the JDK's and promsdk's own code.
  private static final String[] PLUMBING = {
    "java.", "javax.", "jdk.", "sun.", "io.promsdk.core.", "io.promsdk.exposition.",
    AbandonableCollection.class.getName()
  };

  private final CollectorRegistry registry;
  private final String request;
  private final FutureTask<byte[]> task;
  private final Thread thread;
  private final long startNanos = System.nanoTime();
  private final long timeoutMillis;
  // Both guarded by LOCK.
  private boolean ended;
  private long abandonedAfterNanos = -1;

  private AbandonableCollection(
      CollectorRegistry registry, String request, long timeoutMillis, Callable<byte[]> work) {
    this.registry = registry;
    this.request = request;
    this.timeoutMillis = timeoutMillis;
    this.task = new FutureTask<>(work);
    this.thread = new Thread(
        this::runAndRelease, "promsdk-push-collect-" + THREAD_IDS.incrementAndGet());
    thread.setDaemon(true);
  }

  /**
   * Runs {@code work} on a new daemon thread and returns its result, waiting at most until
   * {@code deadlineNanos} ({@link System#nanoTime()} time).
   *
   * @param request the request the body is for, as shown in messages (redacted)
   * @param timeoutMillis the push's whole timeout, for messages
   * @throws CollectionTimeoutException if the deadline passed first (the collection is then
   *     abandoned), or an abandoned collection of {@code registry} still runs
   * @throws InterruptedIOException if the calling thread was interrupted (the collection is
   *     abandoned too; the interrupt status is kept)
   * @throws IOException or RuntimeException or Error: what {@code work} threw, as is
   */
  static byte[] run(CollectorRegistry registry, String request, long timeoutMillis,
      long deadlineNanos, Callable<byte[]> work) throws IOException {
    AbandonableCollection collection =
        new AbandonableCollection(registry, request, timeoutMillis, work);
    synchronized (LOCK) {
      AbandonableCollection earlier = ABANDONED.get(registry);
      if (earlier != null) {
        throw earlier.stillRunning(request);
      }
    }
    collection.thread.start();
    return collection.await(deadlineNanos);
  }

  private byte[] await(long deadlineNanos) throws IOException {
    try {
      return task.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (abandon()) {
        throw abandonedNow();
      }
      return await(deadlineNanos); // Ended between the timeout and abandon(): use its result.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandon();
      InterruptedIOException interrupted = new InterruptedIOException(
          request + ": interrupted while collecting the registry; the collection was abandoned");
      interrupted.initCause(e);
      throw interrupted;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException(request + ": collecting failed: " + cause, cause);
    }
  }

  /** Marks this collection abandoned unless it has ended; interrupts it. */
  private boolean abandon() {
    synchronized (LOCK) {
      if (ended) {
        return false;
      }
      abandonedAfterNanos = System.nanoTime() - startNanos;
      ABANDONED.putIfAbsent(registry, this);
    }
    // A collector blocked in sleep, wait or interruptible I/O may end now; one that ignores
    // interrupts runs on, and blocks new collections of this registry until it ends.
    thread.interrupt();
    return true;
  }

  private void runAndRelease() {
    try {
      task.run();
    } finally {
      long abandonedAfter;
      synchronized (LOCK) {
        ended = true;
        abandonedAfter = abandonedAfterNanos;
        ABANDONED.remove(registry, this);
      }
      if (abandonedAfter >= 0) {
        long ranNanos = System.nanoTime() - startNanos;
        LOG.log(Level.INFO, () -> "the collection abandoned by " + request + " after "
            + millis(abandonedAfter) + " ms has ended after " + millis(ranNanos)
            + " ms; pushes collect this registry again");
      }
    }
  }

  private CollectionTimeoutException abandonedNow() {
    long ranNanos = System.nanoTime() - startNanos;
    StackTraceElement[] stack = thread.getStackTrace();
    CollectionTimeoutException e = new CollectionTimeoutException(request + ": collecting the"
        + " registry did not finish within the push's " + timeoutMillis + " ms timeout (it ran "
        + millis(ranNanos) + " ms); abandoned it (interrupted,"
        + " left to end on its daemon thread " + thread.getName() + ")" + hangingIn(stack)
        + ". Until it ends, pushes of this registry fail at once instead of collecting",
        Duration.ofNanos(ranNanos), false);
    e.initCause(stackOf(stack));
    return e;
  }

  // Called under LOCK.
  private CollectionTimeoutException stillRunning(String newRequest) {
    long ranNanos = System.nanoTime() - startNanos;
    StackTraceElement[] stack = thread.getStackTrace();
    CollectionTimeoutException e = new CollectionTimeoutException(newRequest + ": not collecting:"
        + " the collection abandoned by an earlier " + request + " after "
        + millis(abandonedAfterNanos) + " ms is still running (" + millis(ranNanos) + " ms so far,"
        + " thread " + thread.getName() + ")" + hangingIn(stack)
        + "; no new collection starts until it ends", Duration.ofNanos(ranNanos), true);
    e.initCause(stackOf(stack));
    return e;
  }

  /** ", hanging in Frame" for the first frame outside the JDK and promsdk, or "". */
  private static String hangingIn(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (!isPlumbing(frame.getClassName())) {
        return ", hanging in " + describe(frame);
      }
    }
    return stack.length == 0 ? "" : ", hanging in " + describe(stack[0]);
  }

  // Without the class loader and module prefixes of StackTraceElement.toString().
  private static String describe(StackTraceElement frame) {
    return frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":"
        + frame.getLineNumber() + ")";
  }

  private static boolean isPlumbing(String className) {
    for (String prefix : PLUMBING) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The collecting thread's stack, as a cause, so that a logged exception shows it. */
  private static Throwable stackOf(StackTraceElement[] stack) {
    Throwable where = new CollectingThreadStack();
    where.setStackTrace(stack);
    return where;
  }

  /** Carries the stack of a collecting thread; not thrown. */
  private static final class CollectingThreadStack extends Throwable {
    private static final long serialVersionUID = 1L;

    CollectingThreadStack() {
      super("stack of the collecting thread when it was given up on", null, false, true);
    }
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
