package io.promsdk.remotewrite;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link BatchReader} for the sender's tests: each read makes one batch per shard whose body is
 * readable text ({@code "<protocol> shard=<s> read=<n> ts=<ms>"}), so that a fake receiver's log
 * shows which batch arrived, in which protocol, in which order.
 */
final class TextBatches implements BatchReader {
  final AtomicInteger reads = new AtomicInteger();
  private final int samplesPerBatch;

  TextBatches(int samplesPerBatch) {
    this.samplesPerBatch = samplesPerBatch;
  }

  @Override
  public List<WriteBatch> read(long timestampMs, int shards, int maxSamplesPerBatch) {
    int read = reads.incrementAndGet();
    List<WriteBatch> batches = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      batches.add(new TextBatch(s, timestampMs, samplesPerBatch, "shard=" + s + " read=" + read));
    }
    return batches;
  }

  /** A batch whose encoding is its text prefixed by the protocol. */
  record TextBatch(int shard, long timestampMs, int sampleCount, String text) implements WriteBatch {
    @Override
    public void encodeTo(RemoteWriteProtocol protocol, RequestBuffer out) {
      byte[] bytes = (protocol + " " + text).getBytes(StandardCharsets.UTF_8);
      System.arraycopy(bytes, 0, out.reset(bytes.length), 0, bytes.length);
      out.setLength(bytes.length);
    }
  }
}
