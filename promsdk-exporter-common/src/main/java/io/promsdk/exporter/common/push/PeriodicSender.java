package io.promsdk.exporter.common.push;

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
 * Sends something every interval on one daemon thread, retrying failures within the interval, and
 * sends a final operation when closed (or when the JVM exits): the transport under the
 * Pushgateway client's {@code PushScheduler}, for any periodic sender (a remote-write client, say).
 *
 * <pre>{@code
 * PeriodicSender sender = PeriodicSender.builder("promsdk-remote-write")
 *     .tick("write", timeout -> client.write(timeout))   // one request; throws on failure
 *     .finalOperation("write", timeout -> client.write(timeout))
 *     .interval(Duration.ofSeconds(15))
 *     .start();
 * ...
 * sender.close();                                         // also runs from a shutdown hook
 * }</pre>
 *
 * <p>At most one operation is in flight: a tick that comes while the previous one still runs is
 * skipped and reported ({@code busy}). A failed request is retried, with exponential backoff and
 * jitter ({@link Retry#backoffNanos}), until the next tick is due, if {@link Retry#isRetryable}
 * says it is worth it. A {@code Retry-After} ({@link SendFailure#retryAfter()}, capped at {@code
 * maxRetryAfter}) is honoured by the retries and by the following ticks, which are skipped and
 * reported ({@code retry_after}) until it has passed. The application's threads never wait;
 * {@link #close()} waits at most {@code closeTimeout}.
 *
 * <p>An exception from the operation outside its request, a listener or a log handler fails that
 * tick only; an {@link Error} ends the thread, is logged at {@code ERROR}, and {@link #isRunning()}
 * turns false. Time (ticks, backoffs, deadlines) comes from a {@link SenderClock}.
 *
 * <p>Thread-safety invariants: the worker thread alone runs ticks; {@link #close()} runs the final
 * operation on the closing thread only after the worker has ended or been given up on (interrupted
 * and waited for); {@code closing} is written under {@link #lock} and every wait re-checks it
 * under the lock, so a close is never missed by a sleeping worker; the fields the final operation
 * shares with the worker ({@code notBeforeNanos}, {@code consecutiveFailures}) are volatile.
 */
public final class PeriodicSender implements AutoCloseable {
  /** One request of an operation; throws if it failed. */
  @FunctionalInterface
  public interface Operation {
    /** Sends once, giving up after {@code timeout}. */
    void send(Duration timeout) throws Exception;
  }

  private static final System.Logger DEFAULT_LOG = System.getLogger(PeriodicSender.class.getName());
  /** The shortest timeout a request gets, even when its deadline has (nearly) passed. */
  private static final long MIN_REQUEST_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final String tickLabel;
  private final Operation tick;
  private final String finalLabel;
  private final Operation finalOperation;
  private final long intervalNanos;
  private final long initialDelayNanos;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final long maxRetryAfterNanos;
  private final long closeTimeoutNanos;
  private final SenderClock clock;
  private final SendListener listener;
  private final System.Logger log;
  private final String component;
  private final String peer;
  private final String target;
  private final Runnable afterClose;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean closing;
  // True while the shutdown hook closes: java.util.logging may be reset by then (see report()).
  private volatile boolean inShutdownHook;
  // clock.nanoTime() before which the peer asked not to be called (Retry-After), if hasNotBefore.
  private volatile long notBeforeNanos;
  private volatile boolean hasNotBefore;
  private volatile int consecutiveFailures;
  // The Error that ended the worker thread, if one did.
  private volatile Throwable stoppedBy;
  private final Thread worker;
  private final Thread shutdownHook;

  private PeriodicSender(Builder b) {
    this.tickLabel = Objects.requireNonNull(b.tickLabel, "tick");
    this.tick = b.tick;
    this.finalLabel = b.finalLabel;
    this.finalOperation = b.finalOperation;
    this.intervalNanos = b.interval.toNanos();
    this.initialDelayNanos = b.initialDelay.toNanos();
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxRetryAfterNanos = b.maxRetryAfter.toNanos();
    this.closeTimeoutNanos = b.closeTimeout.toNanos();
    this.clock = b.clock;
    this.listener = b.listener;
    this.log = b.log;
    this.component = b.component;
    this.peer = b.peer;
    this.target = b.target;
    this.afterClose = b.afterClose;
    this.worker = new Thread(this::loop, b.threadName);
    worker.setDaemon(true);
    this.shutdownHook = b.shutdownHook ? new Thread(this::closeFromHook, b.threadName + "-shutdown") : null;
  }

  /**
   * A sender whose thread is named {@code threadName}; give it a {@link Builder#tick}, configure
   * it, then {@link Builder#start()}.
   */
  public static Builder builder(String threadName) {
    return new Builder(threadName);
  }

  private PeriodicSender start() {
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    worker.start();
    return this;
  }

  /**
   * Stops the ticks, waits for an operation in flight (interrupting it after half the close
   * timeout), runs the final operation with retries until the close timeout, then runs the
   * builder's {@code afterClose}. Idempotent; does not throw (a failing final operation is
   * logged, and from the shutdown hook also printed to stderr).
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
   * True until {@link #close()} starts, or until an {@link Error} ends the sender's thread.
   * Exceptions do not end it: they count as failed operations and are logged.
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
    long deadline = clock.nanoTime() + closeTimeoutNanos;
    signalClosing();
    if (Thread.currentThread() != worker) {
      joinWorker(closeTimeoutNanos / 2);
      if (worker.isAlive()) {
        // A request is hanging: give up on it, the final operation matters more.
        worker.interrupt();
        joinWorker(Math.min(closeTimeoutNanos / 2, TimeUnit.MILLISECONDS.toNanos(200)));
      }
    }
    try {
      if (finalOperation != null) {
        if (hasNotBefore && notBeforeNanos - deadline < 0) {
          sleepUntil(notBeforeNanos, false);
        }
        timed(finalLabel, finalOperation, deadline, false);
      }
    } catch (RuntimeException | Error e) {
      // close() runs in finally blocks and shutdown hooks: report, do not throw, unless the
      // JVM itself is failing.
      countUnexpected(finalLabel);
      report(Level.ERROR, "the final " + finalLabel + " to " + target + " failed: " + e, e);
      if (e instanceof VirtualMachineError vme) {
        throw vme;
      }
    } finally {
      afterClose.run();
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

  /** Waits up to {@code nanos} of real time for the worker: a thread ends on real time, not the clock's. */
  private void joinWorker(long nanos) {
    if (nanos <= 0) {
      return;
    }
    try {
      worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    long next = clock.nanoTime() + initialDelayNanos;
    while (sleepUntil(next, true)) {
      try {
        if (hasNotBefore && clock.nanoTime() - notBeforeNanos < 0) {
          listener.skipped("retry_after", 1);
        } else {
          timed(tickLabel, tick, next + intervalNanos, true);
        }
      } catch (RuntimeException e) {
        // The operation, a listener or a log handler failed outside the request itself: this
        // tick failed, the next one may well work.
        countUnexpected(tickLabel);
        logQuietly(Level.WARNING, "a " + tickLabel + " tick to " + target + " failed; " + component
            + " goes on", e);
      } catch (Error e) {
        stoppedBy = e;
        countUnexpected(tickLabel);
        logQuietly(Level.ERROR, "the " + component + " for " + target + " stopped: " + e
            + "; close() still runs the final operation", e);
        return; // isRunning() is now false; the thread ends without an uncaught exception.
      }
      next += intervalNanos;
      long late = clock.nanoTime() - next;
      if (late > 0) {
        long missed = late / intervalNanos + 1;
        listener.skipped("busy", missed);
        next += missed * intervalNanos;
        logQuietly(Level.DEBUG, () -> tickLabel + " to " + target + " took longer than the interval; skipped "
            + missed + " tick(s)");
      }
    }
  }

  private void countUnexpected(String label) {
    try {
      listener.unexpectedFailure(label);
    } catch (RuntimeException ignored) {
      // Counting must not be what stops the loop.
    }
  }

  // The logging backend may be what failed; it must not stop the sender either.
  private void logQuietly(Level level, String message, Throwable thrown) {
    try {
      log.log(level, message, thrown);
    } catch (RuntimeException ignored) {
      // Nothing left to report it with.
    }
  }

  private void logQuietly(Level level, Supplier<String> message) {
    try {
      log.log(level, message);
    } catch (RuntimeException ignored) {
      // As above.
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
      System.err.println("promsdk " + component + " (JVM shutdown) " + level + ": " + message);
      System.err.flush();
    }
  }

  /** Runs one operation with retries until {@code deadline}; reports its outcome. */
  private void timed(String label, Operation op, long deadline, boolean stopWhenClosing) {
    long start = clock.nanoTime();
    boolean ok = runWithRetries(label, op, deadline, stopWhenClosing);
    listener.operation(label, ok, (clock.nanoTime() - start) / 1e9, clock.currentTimeMillis());
  }

  private boolean runWithRetries(String label, Operation op, long deadline, boolean stopWhenClosing) {
    for (int attempt = 0; ; attempt++) {
      Exception failure;
      try {
        listener.attempt();
        long left = deadline - clock.nanoTime();
        op.send(Duration.ofNanos(Math.max(left, MIN_REQUEST_NANOS)));
        recovered(label);
        return true;
      } catch (Exception e) {
        failure = e;
      }
      listener.failure(Retry.reason(failure));
      boolean interrupted = failure instanceof InterruptedIOException
          && !(failure instanceof HttpTimeoutException)
          || Thread.currentThread().isInterrupted();
      long delay = Retry.backoffNanos(attempt, initialBackoff, maxBackoff);
      if (failure instanceof SendFailure f && f.retryAfter().isPresent()) {
        long wait = Math.min(f.retryAfter().get().toNanos(), maxRetryAfterNanos);
        notBeforeNanos = clock.nanoTime() + wait;
        hasNotBefore = true;
        delay = Math.max(delay, wait);
      }
      boolean retry = Retry.isRetryable(failure) && !interrupted
          && clock.nanoTime() + delay - deadline < 0
          && !(stopWhenClosing && closing);
      if (!retry || !sleepUntil(clock.nanoTime() + delay, stopWhenClosing)) {
        failed(label, failure, attempt + 1, !stopWhenClosing);
        return false;
      }
    }
  }

  /**
   * Waits until the clock reaches {@code wakeNanos}.
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
        long left = wakeNanos - clock.nanoTime();
        if (left <= 0) {
          return true;
        }
        clock.await(wake, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  // A dead peer would otherwise log a warning every interval: warn once, then debug. The final
  // operation's failure is always a warning: nothing will retry it.
  private void failed(String label, Exception failure, int attempts, boolean isFinal) {
    consecutiveFailures++;
    String message = (isFinal ? "the final " : "") + label + " to " + peer + " failed after "
        + attempts + " attempt(s): " + failure.getMessage()
        + (consecutiveFailures > 1 ? " (" + consecutiveFailures + " failures in a row)" : "");
    if (isFinal) {
      report(Level.WARNING, message, null);
    } else {
      logQuietly(consecutiveFailures == 1 ? Level.WARNING : Level.DEBUG, () -> message);
    }
  }

  private void recovered(String label) {
    if (consecutiveFailures > 0) {
      int failures = consecutiveFailures;
      log.log(Level.INFO, () -> label + " to " + target + " works again after " + failures
          + " failed operation(s)");
    }
    consecutiveFailures = 0;
    hasNotBefore = false;
  }

  /** The interval between ticks. */
  public Duration interval() {
    return Duration.ofNanos(intervalNanos);
  }

  /** Whether {@link #close()} has started. */
  public boolean isClosing() {
    return closing;
  }

  /** Configures a {@link PeriodicSender}. */
  public static final class Builder {
    private final String threadName;
    private String tickLabel;
    private Operation tick;
    private String finalLabel;
    private Operation finalOperation;
    private Duration interval = Duration.ofSeconds(10);
    private Duration initialDelay = Duration.ZERO;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration maxRetryAfter = Duration.ofMinutes(10);
    private Duration closeTimeout = Duration.ofSeconds(10);
    private boolean shutdownHook = true;
    private SenderClock clock = SenderClock.system();
    private SendListener listener = new SendListener() {};
    private System.Logger log = DEFAULT_LOG;
    private String component = "PeriodicSender";
    private String peer = "the peer";
    private String target = "the peer";
    private Runnable afterClose = () -> {};

    private Builder(String threadName) {
      this.threadName = Objects.requireNonNull(threadName, "threadName");
    }

    /** What each tick sends, named {@code label} in logs and in the listener's reports; required. */
    public Builder tick(String label, Operation tick) {
      this.tickLabel = Objects.requireNonNull(label, "label");
      this.tick = Objects.requireNonNull(tick, "tick");
      return this;
    }

    /** What {@link #close()} and the shutdown hook send last, with retries; default none. */
    public Builder finalOperation(String label, Operation finalOperation) {
      this.finalLabel = Objects.requireNonNull(label, "label");
      this.finalOperation = Objects.requireNonNull(finalOperation, "finalOperation");
      return this;
    }

    /** Time between ticks; default 10 s. Retries of one tick end before the next is due. */
    public Builder interval(Duration interval) {
      this.interval = positive(interval, "interval");
      return this;
    }

    /** Wait before the first tick; default 0. */
    public Builder initialDelay(Duration initialDelay) {
      Objects.requireNonNull(initialDelay, "initialDelay");
      if (initialDelay.isNegative()) {
        throw new IllegalArgumentException("initialDelay must not be negative");
      }
      this.initialDelay = initialDelay;
      return this;
    }

    /** The first retry's wait, doubled for each further retry; default 500 ms. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = positive(initialBackoff, "initialBackoff");
      return this;
    }

    /** The longest wait between retries; default 30 s. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = positive(maxBackoff, "maxBackoff");
      return this;
    }

    /** The longest {@code Retry-After} obeyed; longer ones are cut to it; default 10 min. */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = positive(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /** The most {@link #close()} (and the shutdown hook) may take; default 10 s. */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = positive(closeTimeout, "closeTimeout");
      return this;
    }

    /** Close on JVM exit (normal exit, SIGTERM, Ctrl-C); default on. */
    public Builder shutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
      return this;
    }

    /** The time ticks, backoffs and deadlines run on; default {@link SenderClock#system()}. */
    public Builder clock(SenderClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Told of every attempt, failure, skipped tick and operation, e.g. to count them; default none. */
    public Builder listener(SendListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How the sender names itself and what it sends to in its log lines, and the logger they go
     * to: e.g. {@code ("PushScheduler", "the gateway", groupUri)}; default a logger named after
     * this class, {@code ("PeriodicSender", "the peer", "the peer")}.
     */
    public Builder logging(System.Logger log, String component, String peer, Object target) {
      this.log = Objects.requireNonNull(log, "log");
      this.component = Objects.requireNonNull(component, "component");
      this.peer = Objects.requireNonNull(peer, "peer");
      this.target = String.valueOf(Objects.requireNonNull(target, "target"));
      return this;
    }

    /** Runs once the final operation is done (or has failed) at close, e.g. to unregister metrics. */
    public Builder afterClose(Runnable afterClose) {
      this.afterClose = Objects.requireNonNull(afterClose, "afterClose");
      return this;
    }

    /**
     * Starts the daemon thread; the first tick runs after the initial delay.
     *
     * @throws IllegalStateException if no {@link #tick} was given
     */
    public PeriodicSender start() {
      if (tick == null) {
        throw new IllegalStateException("a PeriodicSender needs a tick: builder(...).tick(label, operation)");
      }
      return new PeriodicSender(this).start();
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
