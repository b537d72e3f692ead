package io.promsdk.pushgateway;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.exporter.common.push.SelfMetrics;
import io.promsdk.exporter.common.push.SendListener;
import java.util.List;

/**
 * A {@link PushScheduler}'s own metrics. They always count, and are registered only when asked;
 * the {@code promsdk_push_} prefix keeps them apart from user metrics and from the gateway's own
 * {@code push_time_seconds}.
 */
final class SchedulerMetrics implements SendListener {
  final Counter operations =
      Counter.builder()
          .name("promsdk_push_operations_total")
          .help("Push operations (ticks and the final one), after retries, by outcome.")
          .labelNames("operation", "result")
          .build();
  final Counter attempts =
      Counter.builder()
          .name("promsdk_push_attempts_total")
          .help("HTTP requests sent to the gateway, retries included.")
          .build();
  final Counter failures =
      Counter.builder()
          .name("promsdk_push_failures_total")
          .help("Failed requests by reason: connect, timeout, io, http_5xx, http_429, http_4xx,"
              + " body_too_large, collect_timeout, interrupted, error.")
          .labelNames("reason")
          .build();
  final Counter skipped =
      Counter.builder()
          .name("promsdk_push_skipped_total")
          .help("Ticks not pushed: busy (the previous push still ran) or retry_after (the"
              + " gateway asked to wait).")
          .labelNames("reason")
          .build();
  final Gauge lastSuccess =
      Gauge.builder()
          .name("promsdk_push_last_success_timestamp_seconds")
          .help("Unix time of the last successful push operation.")
          .build();
  final Histogram duration =
      Histogram.builder()
          .name("promsdk_push_duration_seconds")
          .help("Duration of push operations, retries and waits between them included.")
          .buckets(.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60)
          .build();

  private final SelfMetrics self = new SelfMetrics(
      List.of(operations, attempts, failures, skipped, lastSuccess, duration),
      "is another PushScheduler using this registry? use selfMetrics(false) for it");

  @Override
  public void attempt() {
    attempts.inc();
  }

  @Override
  public void failure(String reason) {
    failures.labelValues(reason).inc();
  }

  @Override
  public void skipped(String reason, long ticks) {
    skipped.labelValues(reason).inc(ticks);
  }

  @Override
  public void operation(String label, boolean success, double seconds, long epochMillis) {
    duration.observe(seconds);
    operations.labelValues(label, success ? "success" : "failure").inc();
    if (success) {
      lastSuccess.set(epochMillis / 1000.0);
    }
  }

  @Override
  public void unexpectedFailure(String label) {
    failures.labelValues("error").inc();
    operations.labelValues(label, "failure").inc();
  }

  /** Registers every metric, or none if one name is taken. */
  void register(CollectorRegistry registry) {
    self.register(registry);
  }

  void unregister(CollectorRegistry registry) {
    self.unregister(registry);
  }
}
