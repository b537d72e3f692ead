package io.promsdk.remotewrite;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.exporter.common.push.SelfMetrics;
import io.promsdk.exporter.common.push.SendListener;
import java.util.List;

/**
 * A {@link RemoteWrite}'s own metrics, {@code promsdk_remote_write_*}. They always count; they
 * are registered (in the registry being written, so that they travel with it) only when the
 * builder asks for {@code selfMetrics(true)}.
 */
final class RemoteWriteMetrics implements ShardQueue.Listener, SendListener {
  final Counter samplesSent = Counter.builder()
      .name("promsdk_remote_write_samples_sent_total")
      .help("Samples the receiver accepted (2xx).")
      .build();
  final Counter samplesDropped = Counter.builder()
      .name("promsdk_remote_write_samples_dropped_total")
      .help("Samples given up on, by reason: queue_full (the oldest, to make room), http_4xx"
          + " (the receiver refused them), http_429 (too many requests, retries off), http_3xx"
          + " (a redirect, not followed), error (encoding or sending failed unexpectedly), closed"
          + " (still queued when close() timed out).")
      .labelNames("reason")
      .build();
  final Counter samplesFailed = Counter.builder()
      .name("promsdk_remote_write_samples_failed_total")
      .help("Samples of requests that failed and are retried, by reason: http_5xx, http_429,"
          + " connect, timeout, io, handler, interrupted.")
      .labelNames("reason")
      .build();
  final Counter requests = Counter.builder()
      .name("promsdk_remote_write_requests_total")
      .help("Requests sent, retries included, by result: success, http_<status class>, http_429,"
          + " http_415 (protocol 2.0 refused), v2_not_understood (a 2xx to 2.0 without its written"
          + " counts); after either the sender uses 1.0; connect, timeout,"
          + " io, handler, interrupted.")
      .labelNames("result")
      .build();
  final Counter reads = Counter.builder()
      .name("promsdk_remote_write_reads_total")
      .help("Reads of the registry into the queue (every interval, flush() and close()), by result.")
      .labelNames("result")
      .build();
  final Gauge queueSamples = Gauge.builder()
      .name("promsdk_remote_write_queue_samples")
      .help("Samples waiting in the queue, those in flight included.")
      .build();
  final Gauge lastSuccess = Gauge.builder()
      .name("promsdk_remote_write_last_success_timestamp_seconds")
      .help("Unix time of the last request the receiver accepted.")
      .build();
  final Gauge shards = Gauge.builder()
      .name("promsdk_remote_write_shards")
      .help("Shards sending concurrently, each in its own order.")
      .build();

  private final SelfMetrics self = new SelfMetrics(
      List.of(samplesSent, samplesDropped, samplesFailed, requests, reads, queueSamples, lastSuccess, shards),
      "does another RemoteWrite write this registry with selfMetrics(true)?");

  @Override
  public void dropped(String reason, int samples) {
    samplesDropped.labelValues(reason).inc(samples);
  }

  @Override
  public void queued(long samples) {
    queueSamples.set(samples);
  }

  void sent(int samples, long epochMillis) {
    requests.labelValues("success").inc();
    samplesSent.inc(samples);
    lastSuccess.set(epochMillis / 1000.0);
  }

  /** A request that did not succeed; {@code retried} samples are tried again. */
  void failed(String reason, int samples, boolean retried) {
    requests.labelValues(reason).inc();
    if (retried) {
      samplesFailed.labelValues(reason).inc(samples);
    }
  }

  @Override
  public void operation(String label, boolean success, double seconds, long epochMillis) {
    reads.labelValues(success ? "success" : "failure").inc();
  }

  @Override
  public void unexpectedFailure(String label) {
    reads.labelValues("failure").inc();
  }

  /** Registers every metric, or none if one name is taken. */
  void register(CollectorRegistry registry) {
    self.register(registry);
  }

  void unregister(CollectorRegistry registry) {
    self.unregister(registry);
  }
}
