package io.promsdk.remotewrite;

/**
 * The samples of one shard from one read of a registry, flattened into time series as Prometheus
 * stores a scrape ({@code _total}, {@code _bucket}/{@code le}, {@code _count}, {@code _sum},
 * {@code quantile}, external labels added), ready to be encoded as one request.
 *
 * <p>Contract between the reader/encoder (flattening, protobuf, snappy) and the sender (queue,
 * shards, retries, protocol fallback):
 *
 * <ul>
 *   <li>Immutable once returned by a {@link BatchReader}: the sender may hold it in its queue for
 *       as long as it likes, and encode it again for a retry or in another protocol after a 415,
 *       from any one thread at a time.
 *   <li>Every series of a batch belongs to {@link #shard()} (the same series always lands on the
 *       same shard, so that one shard's requests, sent in order, keep each series' timestamps in
 *       order, which receivers require).
 *   <li>{@link #sampleCount()} is what the sender's queue bound counts: float samples plus
 *       histogram samples (exemplars and metadata are not counted).
 * </ul>
 */
interface WriteBatch {
  /** The shard whose sender sends this batch, in {@code [0, shards)} of the read that made it. */
  int shard();

  /** The timestamp, in milliseconds since the epoch, of every sample of this batch. */
  long timestampMs();

  /** The number of samples (float samples plus histogram samples) this batch carries. */
  int sampleCount();

  /**
   * Writes this batch as one snappy-compressed request body of {@code protocol} into {@code out},
   * replacing what {@code out} held.
   */
  void encodeTo(RemoteWriteProtocol protocol, RequestBuffer out);
}
