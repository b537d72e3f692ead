package io.promsdk.pushgateway;

import io.promsdk.core.config.PromsdkConfig;

import io.promsdk.exporter.common.push.PeriodicSender;
import io.promsdk.exporter.common.push.SenderClock;
import java.time.Duration;
import java.util.Objects;

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
 *
 * <p>The scheduling, retries and final operation are those of {@link PeriodicSender} (in {@code
 * promsdk-exporter-common}), which any periodic sender can use; this class gives it the gateway's
 * operations and its metrics.
 */
public final class PushScheduler implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PushScheduler.class.getName());

  private final PushGateway gateway;
  private final PushOperation operation;
  private final PushOperation finalOperation;
  private final boolean selfMetrics;
  final SchedulerMetrics metrics = new SchedulerMetrics();
  private final PeriodicSender sender;

  private PushScheduler(Builder b) {
    this.gateway = b.gateway;
    this.operation = b.operation;
    this.finalOperation = b.finalOperation;
    this.selfMetrics = b.selfMetrics;
    if (selfMetrics) {
      metrics.register(gateway.registry());
    }
    PeriodicSender.Builder sender = b.sender
        .tick(operation.label(), timeout -> gateway.run(operation, timeout, b.clock))
        .listener(metrics)
        .logging(LOG, "PushScheduler", "the gateway", gateway.groupUri())
        .afterClose(() -> {
          if (selfMetrics) {
            metrics.unregister(gateway.registry());
          }
        });
    if (finalOperation != PushOperation.NONE) {
      sender.finalOperation(finalOperation.label(),
          timeout -> gateway.run(finalOperation, timeout, b.clock));
    }
    this.sender = sender.start();
  }

  /**
   * A scheduler for {@code gateway}; configure it, then {@link Builder#start()}. Its interval
   * defaults to the runtime configuration's {@code promsdk.push.interval} (see {@link
   * PromsdkConfig}), else 10 s; what the code sets wins.
   */
  public static Builder builder(PushGateway gateway) {
    return new Builder(gateway, PromsdkConfig.get());
  }

  /** A scheduler builder whose defaults follow {@code config} rather than the JVM's configuration. */
  public static Builder builder(PushGateway gateway, PromsdkConfig config) {
    return new Builder(gateway, config);
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
    sender.close();
  }

  /**
   * True until {@link #close()} starts, or until an {@link Error} (thrown by a collector, a
   * handler, ...) ends the scheduler's thread; the Error is logged at {@code ERROR}. Exceptions
   * do not end it: they count as failed pushes ({@code reason="error"}) and are logged.
   */
  public boolean isRunning() {
    return sender.isRunning();
  }

  @Override
  public String toString() {
    return "PushScheduler{" + gateway + ", interval=" + sender.interval()
        + ", operation=" + operation + ", finalOperation=" + finalOperation
        + (sender.isClosing() ? ", closed" : "") + "}";
  }

  /**
   * Configures a {@link PushScheduler}: the gateway's operations here; timing, retries and closing
   * are handed to a {@link PeriodicSender.Builder}, which checks them.
   */
  public static final class Builder {
    private final PushGateway gateway;
    private final PeriodicSender.Builder sender;
    private PushOperation operation = PushOperation.PUSH;
    private PushOperation finalOperation = PushOperation.PUSH;
    private boolean selfMetrics = true;
    private SenderClock clock = SenderClock.system();

    private Builder(PushGateway gateway, PromsdkConfig config) {
      this.gateway = Objects.requireNonNull(gateway, "gateway");
      this.sender = PeriodicSender.builder("promsdk-push-" + gateway.job());
      config.pushInterval().ifPresent(sender::interval);
    }

    /** Time between ticks; default {@code promsdk.push.interval} if configured, else 10 s. Retries of one tick end before the next is due. */
    public Builder interval(Duration interval) {
      sender.interval(interval);
      return this;
    }

    /** Wait before the first tick; default 0 (push at once, as the seed does). */
    public Builder initialDelay(Duration initialDelay) {
      sender.initialDelay(initialDelay);
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
      sender.initialBackoff(initialBackoff);
      return this;
    }

    /** The longest wait between retries; default 30 s. */
    public Builder maxBackoff(Duration maxBackoff) {
      sender.maxBackoff(maxBackoff);
      return this;
    }

    /** The longest {@code Retry-After} obeyed; longer ones are cut to it; default 10 min. */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      sender.maxRetryAfter(maxRetryAfter);
      return this;
    }

    /**
     * The most {@link #close()} (and the shutdown hook) may take, collecting the registry for
     * the final operation included; default 10 s.
     */
    public Builder closeTimeout(Duration closeTimeout) {
      sender.closeTimeout(closeTimeout);
      return this;
    }

    /** Close on JVM exit (normal exit, SIGTERM, Ctrl-C); default on. */
    public Builder shutdownHook(boolean shutdownHook) {
      sender.shutdownHook(shutdownHook);
      return this;
    }

    /** Register the scheduler's {@code promsdk_push_*} metrics in the pushed registry; default on. */
    public Builder selfMetrics(boolean selfMetrics) {
      this.selfMetrics = selfMetrics;
      return this;
    }

    /**
     * The clock ticks, backoffs and the close timeout run on; default the system's. For tests that
     * move time forward instead of sleeping.
     */
    Builder clock(SenderClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock"); // also for Retry-After dates
      sender.clock(clock);
      return this;
    }

    /**
     * Starts the daemon thread; the first tick runs after the initial delay.
     *
     * @throws IllegalArgumentException if the self metrics cannot be registered (their names
     *     are taken, e.g. by another scheduler on the same registry)
     */
    public PushScheduler start() {
      return new PushScheduler(this);
    }
  }
}
