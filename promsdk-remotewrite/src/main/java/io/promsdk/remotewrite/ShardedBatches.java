package io.promsdk.remotewrite;

import java.util.List;

/**
 * Routes each flattened series of one read to its shard's {@link BatchBuilder} and seals a shard's
 * batch whenever it is full, so that the read's batches come out shard by shard in order. The
 * builders are kept from read to read (while the number of shards stays). Not thread-safe.
 */
final class ShardedBatches {
  private final boolean nativeHistogramsInV1;
  private BatchBuilder[] builders = new BatchBuilder[0];
  private int maxSamplesPerBatch;
  private long timestampMs;
  private List<WriteBatch> out;

  ShardedBatches(boolean nativeHistogramsInV1) {
    this.nativeHistogramsInV1 = nativeHistogramsInV1;
  }

  /** Starts a read whose batches go to {@code out}. */
  void start(int shards, int maxSamplesPerBatch, long timestampMs, List<WriteBatch> out) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, got " + shards);
    }
    if (maxSamplesPerBatch < 1) {
      throw new IllegalArgumentException("maxSamplesPerBatch must be at least 1, got " + maxSamplesPerBatch);
    }
    if (builders.length != shards) {
      builders = new BatchBuilder[shards];
      for (int i = 0; i < shards; i++) {
        builders[i] = new BatchBuilder(i, nativeHistogramsInV1);
      }
    }
    this.maxSamplesPerBatch = maxSamplesPerBatch;
    this.timestampMs = timestampMs;
    this.out = out;
  }

  /** The builder of the shard of {@code labels} (completed and sorted). */
  BatchBuilder builderFor(SeriesLabels labels) {
    return builders[labels.shard(builders.length)];
  }

  /** Called after each series (with its exemplars) is added to {@code builder}. */
  void added(BatchBuilder builder) {
    if (builder.sampleCount() >= maxSamplesPerBatch) {
      out.add(builder.seal(timestampMs));
    }
  }

  /** Seals every shard's last batch; returns nothing empty. */
  void finish() {
    for (BatchBuilder b : builders) {
      if (b.sampleCount() > 0) {
        out.add(b.seal(timestampMs));
      }
    }
    out = null;
  }

  /** Drops what a failed read left in the builders. */
  void abandon() {
    for (BatchBuilder b : builders) {
      b.clear();
    }
    out = null;
  }
}
