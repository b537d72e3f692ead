package io.promsdk.remotewrite;

import io.promsdk.exporter.common.push.Retry;
import io.promsdk.exporter.common.push.SenderClock;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one shard's batches, oldest first, on its own daemon thread, for as long as the queue
 * runs. The remote-write spec's retry rules: a 2xx removes the batch; a 5xx, a connection error,
 * a timeout or a failing handler is retried with exponential backoff, the batch staying at the
 * head of its shard (so that later batches of its series wait behind it); a 429 is retried after
 * its {@code Retry-After} (at least the backoff, at most {@code maxRetryAfter}) if {@code
 * retryOn429}, else dropped; a 415 to protocol 2.0, or a 2xx to it without the written-samples
 * count that 2.0 requires (a 1.0-only receiver that silently stored nothing), switches every shard
 * to 1.0 and re-encodes the same batch; any other 4xx drops the batch (counted) so that a refused batch never blocks the
 * ones behind it.
 *
 * <p>Thread-safety: one thread per instance; the protocol is shared by all shards ({@link
 * AtomicReference}); the queue is the only other shared state.
 */
final class ShardSender implements Runnable {
  /** What all shards of one {@link RemoteWrite} share. */
  record Shared(ShardQueue queue, HttpWriter writer, AtomicReference<RemoteWriteProtocol> protocol,
      RemoteWriteMetrics metrics, SenderClock clock, Duration requestTimeout, Duration initialBackoff,
      Duration maxBackoff, Duration maxRetryAfter, boolean retryOn429, FailureLog log) {}

  /** Warns of the first failure after a success, then logs at debug; says when it works again. */
  static final class FailureLog {
    private static final System.Logger LOG = System.getLogger(RemoteWrite.class.getName());
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean fellBack = new AtomicBoolean();
    private final String target;

    FailureLog(String target) {
      this.target = target;
    }

    void failed(String message) {
      Level level = failing.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG;
      LOG.log(level, () -> "remote write to " + target + ": " + message);
    }

    void succeeded() {
      if (failing.compareAndSet(true, false)) {
        LOG.log(Level.INFO, () -> "remote write to " + target + " works again");
      }
    }

    void fellBackToV1(String why) {
      if (fellBack.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, () -> "the receiver at " + target + " " + why
            + "; this sender uses remote write 1.0 from now on");
      }
    }
  }

  private final int shard;
  private final Shared shared;
  private final RequestBuffer body = new RequestBuffer(64 * 1024);

  ShardSender(int shard, Shared shared) {
    this.shard = shard;
    this.shared = shared;
  }

  @Override
  public void run() {
    try {
      for (ShardQueue.Entry entry; (entry = shared.queue().awaitHead(shard)) != null; ) {
        try {
          deliver(entry);
        } catch (RuntimeException e) {
          // A bug, a listener or a log handler failed: this thread must go on, or its shard's
          // queue would never drain again (flush() timing out, every later read dropped).
          if (shared.queue().remove(shard, entry)) {
            shared.metrics().dropped("error", entry.batch().sampleCount());
          }
          shared.log().failed("sending a batch failed, dropped " + entry.batch().sampleCount()
              + " samples: " + e);
        }
      }
    } catch (InterruptedException e) {
      // close() gave up on the queue: the thread ends; what is left was counted as dropped.
    }
  }

  private void deliver(ShardQueue.Entry entry) throws InterruptedException {
    WriteBatch batch = entry.batch();
    ShardQueue queue = shared.queue();
    RemoteWriteMetrics metrics = shared.metrics();
    for (int attempt = 0; queue.isHead(shard, entry); ) {
      RemoteWriteProtocol protocol = shared.protocol().get();
      HttpWriter.Response response;
      String reason;
      String detail = null;
      try {
        batch.encodeTo(protocol, body);
      } catch (RuntimeException e) {
        // Encoding the same batch again would fail again: drop it, the others may be fine.
        metrics.dropped("error", batch.sampleCount());
        queue.remove(shard, entry);
        shared.log().failed("encoding a batch failed, dropped " + batch.sampleCount() + " samples: " + e);
        return;
      }
      try {
        response = shared.writer().post(protocol, body, shared.requestTimeout());
        reason = response.status() / 100 == 2 ? null
            : response.status() == 429 || response.status() == 415 ? "http_" + response.status()
            : "http_" + response.status() / 100 + "xx";
      } catch (IOException e) {
        response = null;
        reason = Retry.reason(e);
        detail = e.getMessage();
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException();
        }
      } catch (HttpWriter.HandlerException e) {
        response = null;
        reason = "handler";
        shared.log().failed(e.getMessage());
      }
      if (reason == null && protocol == RemoteWriteProtocol.V2 && !response.countsWritten()) {
        // A 2xx without the counts 2.0 requires: a 1.0-only receiver (Prometheus 2.42,
        // VictoriaMetrics) that read our 2.0 body as an empty 1.0 request and stored nothing.
        metrics.failed("v2_not_understood", batch.sampleCount(), true);
        shared.protocol().compareAndSet(RemoteWriteProtocol.V2, RemoteWriteProtocol.V1);
        shared.log().fellBackToV1("answered a 2.0 request with HTTP " + response.status()
            + " but without " + HttpWriter.SAMPLES_WRITTEN);
        continue; // the same batch, re-encoded as 1.0, at once
      }
      if (reason == null) {
        // Counted before the batch leaves the queue, so that whoever waits on the queue (flush)
        // sees the count.
        metrics.sent(batch.sampleCount(), shared.clock().currentTimeMillis());
        queue.remove(shard, entry);
        shared.log().succeeded();
        return;
      }
      int status = response == null ? 0 : response.status();
      if (status == 415 && protocol == RemoteWriteProtocol.V2) {
        metrics.failed(reason, batch.sampleCount(), true);
        shared.protocol().compareAndSet(RemoteWriteProtocol.V2, RemoteWriteProtocol.V1);
        shared.log().fellBackToV1("refused remote write 2.0 (HTTP 415)");
        continue; // the same batch, re-encoded, at once
      }
      boolean retry = response == null || status >= 500 || status == 429 && shared.retryOn429();
      metrics.failed(reason, batch.sampleCount(), retry);
      if (!retry) {
        // 3xx too: redirects are not followed, a remote-write body is not re-sent elsewhere.
        metrics.dropped(status == 429 ? "http_429" : status / 100 == 3 ? "http_3xx" : "http_4xx",
            batch.sampleCount());
        queue.remove(shard, entry);
        shared.log().failed("HTTP " + status + ", dropped " + batch.sampleCount() + " samples: "
            + response.body().strip());
        return;
      }
      long wait = Retry.backoffNanos(attempt++, shared.initialBackoff(), shared.maxBackoff());
      if (response != null && status == 429 && response.retryAfter() != null) {
        // Compared as Durations: a Retry-After beyond ~292 years (e.g. "99999999999", or a date in
        // year 9999) overflows toNanos() with an ArithmeticException.
        Duration retryAfter = response.retryAfter();
        Duration cut = retryAfter.compareTo(shared.maxRetryAfter()) > 0 ? shared.maxRetryAfter() : retryAfter;
        wait = Math.max(wait, cut.toNanos());
      }
      if (response != null) {
        shared.log().failed("HTTP " + status + ", retrying: " + response.body().strip());
      } else if (!"handler".equals(reason)) {
        shared.log().failed(detail + ", retrying");
      }
      if (!queue.awaitRetry(shard, entry, shared.clock().nanoTime() + wait, shared.clock())) {
        return;
      }
    }
  }
}
