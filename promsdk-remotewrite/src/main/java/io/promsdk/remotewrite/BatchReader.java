package io.promsdk.remotewrite;

import java.util.List;

/**
 * Reads a registry into {@link WriteBatch}es, once per interval. Implementations are used by one
 * thread at a time (the sender's scheduler thread).
 */
interface BatchReader {
  /**
   * Reads every family of the registry once, with every sample stamped {@code timestampMs}, and
   * splits the series into {@code shards} shards by a hash of their labels (the same series, same
   * shard, on every read); a shard's series are split further into batches of at most {@code
   * maxSamplesPerBatch} samples. A collector that fails is left out and reported as in a scrape; the
   * other families are still read. Never returns an empty batch.
   */
  List<WriteBatch> read(long timestampMs, int shards, int maxSamplesPerBatch);
}
