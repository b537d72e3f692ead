package io.promsdk.pushgateway;

import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Pushes a registry every interval on one daemon thread, retrying failures within the interval,
 * and sends a final operation when closed (or when the JVM exits) so that the last values of a
 * short job reach the gateway.
 *
 * <pre>{@code
 * PushScheduler scheduler = PushScheduler.builder(pg)
 *     .interval(Duration.ofSeconds(10))
 *     .finalOperation(PushOperation.PUSH)    // or PUSH_ADD, DELETE, NONE
 *     .start();
 * ...
 * scheduler.close();                         // also runs from a shutdown hook
 * }</pre>
 *
 * <p>Each tick collects the registry afresh; nothing is queued, so memory does not grow however
 * long the gateway is down. At most one push is in flight: a tick that comes while the previous
 * one still runs is skipped and counted. Failed requests are retried, with exponential backoff
 * and jitter, until the next tick is due: connection errors, timeouts, 5xx and 429 (whose {@code
 * Retry-After} is honoured, also by the following ticks), never other 4xx nor a body over the
 * limit. The application's threads never wait for the gateway; {@link #close()} waits at most
 * {@code closeTimeout} (see there for a request it gives up on, which may still land after the
 * final operation).
 *
 * <p>An exception from a collector, the handler or a log handler fails that tick only (counted
 * with {@code reason="error"}, logged); an {@link Error} ends the thread, is logged at {@code
 * ERROR}, and {@link #isRunning()} turns false.
 *
 * <p>Defaults: interval 10 s, operation {@link PushOperation#PUSH}, final operation {@link
 * PushOperation#PUSH}, first backoff 500 ms, backoff cap 30 s, {@code Retry-After} cap 10 min,
 * close timeout 10 s, shutdown hook on, self metrics on.
 *
 * <p>Its own metrics ({@code promsdk_push_operations_total}, {@code _attempts_total}, {@code
 * _failures_total{reason}}, {@code _skipped_total{reason}}, {@code
 * _last_success_timestamp_seconds}, {@code _duration_seconds}) are registered in the pushed
 * registry, so they travel with each push; {@code selfMetrics(false)} leaves them out.
 */
public final class PushScheduler implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PushScheduler.class.getName());

  private final PushGateway gateway;
  private final long intervalNanos;
  private final long initialDelayNanos;
  private final PushOperation operation;
  private final PushOperation finalOperation;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final long maxRetryAfterNanos;
  private final long closeTimeoutNanos;
  private final boolean selfMetrics;
  final SchedulerMetrics metrics = new SchedulerMetrics();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean closing;
  // True while the shutdown hook closes: java.util.logging may be reset by then (see report()).
  private volatile boolean inShutdownHook;
  // System.nanoTime() before which the gateway asked not to be called (Retry-After); 0: none.
  private volatile long notBeforeNanos;
  private volatile boolean hasNotBefore;
  private volatile int consecutiveFailures;
  // The Error that ended the worker thread, if one did.
  private volatile Throwable stoppedBy;
  private final Thread worker;
  private final Thread shutdownHook;

  private PushScheduler(Builder b) {
    this.gateway = b.gateway;
    this.intervalNanos = b.interval.toNanos();
    this.initialDelayNanos = b.initialDelay.toNanos();
    this.operation = b.operation;
    this.finalOperation = b.finalOperation;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxRetryAfterNanos = b.maxRetryAfter.toNanos();
    this.closeTimeoutNanos = b.closeTimeout.toNanos();
    this.selfMetrics = b.selfMetrics;
    if (selfMetrics) {
      metrics.register(gateway.registry());
    }
    this.worker = new Thread(this::loop, "promsdk-push-" + gateway.job());
    worker.setDaemon(true);
    this.shutdownHook =
        b.shutdownHook ? new Thread(this::closeFromHook, "promsdk-push-shutdown") : null;
  }

  /** A scheduler for {@code gateway}; configure it, then {@link Builder#start()}. */
  public static Builder builder(PushGateway gateway) {
    return new Builder(gateway);
  }

  private PushScheduler start() {
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    worker.start();
    return this;
  }

  /**
   * Stops the ticks, waits for a push in flight (interrupting it after half the close timeout),
   * runs the final operation with retries, and unregisters the scheduler's metrics. Returns
   * within the close timeout whatever a collector does: a collection still running when its
   * deadline comes is abandoned (see {@link CollectionTimeoutException}), and while it runs the
   * final push fails at once instead of collecting again. Idempotent; does not throw (a failing
   * final operation is logged, and from the shutdown hook also printed to stderr).
   *
   * <p><b>A request given up on may still land.</b> When a tick's request is still running after
   * half the close timeout, it is interrupted, but it may already be on the wire: the gateway may
   * still apply it, and a slow gateway may do so after the final operation, leaving the group
   * with that tick's slightly older values (after a final {@code DELETE}: re-creating the
   * group). HTTP has no way to take back a sent request. To make this unlikely, give the
   * gateway a {@code requestTimeout} well below half the {@code closeTimeout}, so that a tick's
   * request has ended before {@code close()} gives up on it.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down; the hook may run, and will find us closed.
      }
    }
    shutDown();
  }

  /**
   * True until {@link #close()} starts, or until an {@link Error} (thrown by a collector, a
   * handler, ...) ends the scheduler's thread; the Error is logged at {@code ERROR}. Exceptions
   * do not end it: they count as failed pushes ({@code reason="error"}) and are logged.
   */
  public boolean isRunning() {
    return !closing && stoppedBy == null;
  }

  private void closeFromHook() {
    if (closed.compareAndSet(false, true)) {
      inShutdownHook = true;
      shutDown();
    }
  }

  private void shutDown() {
    long deadline = System.nanoTime() + closeTimeoutNanos;
    signalClosing();
    if (Thread.currentThread() != worker) {
      joinWorker(System.nanoTime() + closeTimeoutNanos / 2);
      if (worker.isAlive()) {
        // A request is hanging: give up on it, the final operation matters more.
        worker.interrupt();
        joinWorker(Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200)));
      }
    }
    try {
      if (finalOperation != PushOperation.NONE) {
        if (hasNotBefore && notBeforeNanos - deadline < 0) {
          sleepUntil(notBeforeNanos, false);
        }
        timed(finalOperation, deadline, false);
      }
    } catch (RuntimeException | Error e) {
      // close() runs in finally blocks and shutdown hooks: report, do not throw, unless the
      // JVM itself is failing.
      countUnexpected(finalOperation);
      report(Level.ERROR, "the final " + finalOperation.label() + " to " + gateway.groupUri()
          + " failed: " + e, e);
      if (e instanceof VirtualMachineError vme) {
        throw vme;
      }
    } finally {
      if (selfMetrics) {
        metrics.unregister(gateway.registry());
      }
    }
  }

  private void signalClosing() {
    lock.lock();
    try {
      closing = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void joinWorker(long untilNanos) {
    long left = untilNanos - System.nanoTime();
    if (left <= 0) {
      return;
    }
    try {
      worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    long next = System.nanoTime() + initialDelayNanos;
    while (sleepUntil(next, true)) {
      try {
        if (hasNotBefore && System.nanoTime() - notBeforeNanos < 0) {
          metrics.skipped.labelValues("retry_after").inc();
        } else {
          timed(operation, next + intervalNanos, true);
        }
      } catch (RuntimeException e) {
        // A collector, handler or log handler failed outside the request itself: this tick
        // failed, the next one may well work.
        countUnexpected(operation);
        logQuietly(Level.WARNING, "a push tick to " + gateway.groupUri() + " failed; pushing"
            + " goes on", e);
      } catch (Error e) {
        stoppedBy = e;
        countUnexpected(operation);
        logQuietly(Level.ERROR, "the push scheduler for " + gateway.groupUri() + " stopped: "
            + e + "; close() still runs the final operation", e);
        return; // isRunning() is now false; the thread ends without an uncaught exception.
      }
      next += intervalNanos;
      long late = System.nanoTime() - next;
      if (late > 0) {
        long missed = late / intervalNanos + 1;
        metrics.skipped.labelValues("busy").inc(missed);
        next += missed * intervalNanos;
        logQuietly(Level.DEBUG, () -> "push to " + gateway.groupUri() + " took longer than the"
            + " interval; skipped " + missed + " tick(s)");
      }
    }
  }

  private void countUnexpected(PushOperation op) {
    try {
      metrics.failures.labelValues("error").inc();
      metrics.operations.labelValues(op.label(), "failure").inc();
    } catch (RuntimeException ignored) {
      // Counting must not be what stops the loop.
    }
  }

  // The logging backend may be what failed; it must not stop the scheduler either.
  private static void logQuietly(Level level, String message, Throwable thrown) {
    try {
      LOG.log(level, message, thrown);
    } catch (RuntimeException ignored) {
      // Nothing left to report it with.
    }
  }

  /**
   * Logs a failure of the final operation; from the shutdown hook also prints it to stderr.
   * There the JDK's own shutdown hook (java.util.logging's LogManager cleaner, which runs
   * concurrently with ours) has usually reset logging and removed every handler, so the log
   * line alone would be lost, and with it the news that the last values never arrived.
   */
  private void report(Level level, String message, Throwable thrown) {
    logQuietly(level, message, thrown);
    if (inShutdownHook) {
      System.err.println("promsdk PushScheduler (JVM shutdown) " + level + ": " + message);
      System.err.flush();
    }
  }

  private static void logQuietly(Level level, Supplier<String> message) {
    try {
      LOG.log(level, message);
    } catch (RuntimeException ignored) {
      // As above.
    }
  }

  /** Runs one operation with retries until {@code deadline}; records its outcome. */
  private void timed(PushOperation op, long deadline, boolean stopWhenClosing) {
    long start = System.nanoTime();
    boolean ok = runWithRetries(op, deadline, stopWhenClosing);
    metrics.duration.observe((System.nanoTime() - start) / 1e9);
    metrics.operations.labelValues(op.label(), ok ? "success" : "failure").inc();
    if (ok) {
      metrics.lastSuccess.set(System.currentTimeMillis() / 1000.0);
    }
  }

  private boolean runWithRetries(PushOperation op, long deadline, boolean stopWhenClosing) {
    for (int attempt = 0; ; attempt++) {
      Exception failure;
      try {
        metrics.attempts.inc();
        long left = deadline - System.nanoTime();
        gateway.run(op, Duration.ofNanos(Math.max(left, TimeUnit.MILLISECONDS.toNanos(100))));
        recovered(op);
        return true;
      } catch (Exception e) {
        failure = e;
      }
      metrics.failures.labelValues(Retry.reason(failure)).inc();
      boolean interrupted = failure instanceof InterruptedIOException
          && !(failure instanceof HttpTimeoutException)
          || Thread.currentThread().isInterrupted();
      long delay = Retry.backoffNanos(attempt, initialBackoff, maxBackoff);
      if (failure instanceof PushException pe && pe.retryAfter().isPresent()) {
        long wait = Math.min(pe.retryAfter().get().toNanos(), maxRetryAfterNanos);
        notBeforeNanos = System.nanoTime() + wait;
        hasNotBefore = true;
        delay = Math.max(delay, wait);
      }
      boolean retry = Retry.isRetryable(failure) && !interrupted
          && System.nanoTime() + delay - deadline < 0
          && !(stopWhenClosing && closing);
      if (!retry || !sleepUntil(System.nanoTime() + delay, stopWhenClosing)) {
        failed(op, failure, attempt + 1, !stopWhenClosing);
        return false;
      }
    }
  }

  /**
   * Waits until {@code wakeNanos}.
   *
   * @return false if woken by {@link #close()} (when {@code stopWhenClosing}) or interrupted
   */
  private boolean sleepUntil(long wakeNanos, boolean stopWhenClosing) {
    lock.lock();
    try {
      while (true) {
        if (stopWhenClosing && closing) {
          return false;
        }
        long left = wakeNanos - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        wake.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  // A dead gateway would otherwise log a warning every interval: warn once, then debug. The
  // final operation's failure is always a warning: nothing will retry it.
  private void failed(PushOperation op, Exception failure, int attempts, boolean isFinal) {
    consecutiveFailures++;
    String message = (isFinal ? "the final " : "") + op.label() + " to the gateway failed after "
        + attempts + " attempt(s): " + failure.getMessage()
        + (consecutiveFailures > 1 ? " (" + consecutiveFailures + " failures in a row)" : "");
    if (isFinal) {
      report(Level.WARNING, message, null);
    } else {
      logQuietly(consecutiveFailures == 1 ? Level.WARNING : Level.DEBUG, () -> message);
    }
  }

  private void recovered(PushOperation op) {
    if (consecutiveFailures > 0) {
      int failures = consecutiveFailures;
      LOG.log(Level.INFO, () -> op.label() + " to " + gateway.groupUri() + " works again after "
          + failures + " failed operation(s)");
    }
    consecutiveFailures = 0;
    hasNotBefore = false;
  }

  @Override
  public String toString() {
    return "PushScheduler{" + gateway + ", interval=" + Duration.ofNanos(intervalNanos)
        + ", operation=" + operation + ", finalOperation=" + finalOperation
        + (closing ? ", closed" : "") + "}";
  }

  /** Configures a {@link PushScheduler}. */
  public static final class Builder {
    private final PushGateway gateway;
    private Duration interval = Duration.ofSeconds(10);
    private Duration initialDelay = Duration.ZERO;
    private PushOperation operation = PushOperation.PUSH;
    private PushOperation finalOperation = PushOperation.PUSH;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration maxRetryAfter = Duration.ofMinutes(10);
    private Duration closeTimeout = Duration.ofSeconds(10);
    private boolean shutdownHook = true;
    private boolean selfMetrics = true;

    private Builder(PushGateway gateway) {
      this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    /** Time between ticks; default 10 s. Retries of one tick end before the next is due. */
    public Builder interval(Duration interval) {
      this.interval = Checks.positive(interval, "interval");
      return this;
    }

    /** Wait before the first tick; default 0 (push at once, as the seed does). */
    public Builder initialDelay(Duration initialDelay) {
      Objects.requireNonNull(initialDelay, "initialDelay");
      if (initialDelay.isNegative()) {
        throw new IllegalArgumentException("initialDelay must not be negative");
      }
      this.initialDelay = initialDelay;
      return this;
    }

    /** What each tick sends: {@link PushOperation#PUSH} (default) or {@link PushOperation#PUSH_ADD}. */
    public Builder operation(PushOperation operation) {
      Objects.requireNonNull(operation, "operation");
      if (operation != PushOperation.PUSH && operation != PushOperation.PUSH_ADD) {
        throw new IllegalArgumentException("a tick can only PUSH or PUSH_ADD, not " + operation);
      }
      this.operation = operation;
      return this;
    }

    /** What {@link #close()} and the shutdown hook send last; default {@link PushOperation#PUSH}. */
    public Builder finalOperation(PushOperation finalOperation) {
      this.finalOperation = Objects.requireNonNull(finalOperation, "finalOperation");
      return this;
    }

    /** The first retry's wait, doubled for each further retry; default 500 ms. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = Checks.positive(initialBackoff, "initialBackoff");
      return this;
    }

    /** The longest wait between retries; default 30 s. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = Checks.positive(maxBackoff, "maxBackoff");
      return this;
    }

    /** The longest {@code Retry-After} obeyed; longer ones are cut to it; default 10 min. */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = Checks.positive(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /**
     * The most {@link #close()} (and the shutdown hook) may take, collecting the registry for
     * the final operation included; default 10 s.
     */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = Checks.positive(closeTimeout, "closeTimeout");
      return this;
    }

    /** Close on JVM exit (normal exit, SIGTERM, Ctrl-C); default on. */
    public Builder shutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
      return this;
    }

    /** Register the scheduler's {@code promsdk_push_*} metrics in the pushed registry; default on. */
    public Builder selfMetrics(boolean selfMetrics) {
      this.selfMetrics = selfMetrics;
      return this;
    }

    /**
     * Starts the daemon thread; the first tick runs after the initial delay.
     *
     * @throws IllegalArgumentException if the self metrics cannot be registered (their names
     *     are taken, e.g. by another scheduler on the same registry)
     */
    public PushScheduler start() {
      return new PushScheduler(this).start();
    }

  }
}
