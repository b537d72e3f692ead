package io.promsdk.remotewrite;

import io.promsdk.core.model.HistogramDataPointView;
import io.promsdk.core.model.Labels;
import io.promsdk.exposition.internal.NativeBucketsWriter;
import io.promsdk.exposition.internal.ProtobufBuffer;

/**
 * A native histogram as a {@link ColumnarBatch} stores it, read through the core's {@link
 * HistogramDataPointView} so that the exposition's {@link NativeBucketsWriter} writes its spans and
 * deltas: a reusable cursor, pointed at one stored histogram at a time ({@link #at}).
 *
 * <p>Stored as longs from the offset: count, sum (bits), schema, zero threshold (bits), zero
 * count, reset hint, the numbers {@code n} and {@code p} of negative and positive buckets, then
 * {@code n} (index, count) pairs and {@code p} (index, count) pairs. Not thread-safe.
 */
final class StoredHistogram implements HistogramDataPointView {
  static final int RESET_HINT_UNKNOWN = 0;
  static final int RESET_HINT_GAUGE = 3;

  // remote write prompb/types.proto and io.prometheus.write.v2 Histogram
  private static final int COUNT_INT = 1;
  private static final int SUM = 3;
  private static final int RESET_HINT = 14;
  private static final int TIMESTAMP = 15;
  private static final int START_TIMESTAMP = 17; // 2.0 only

  private static final int HEADER = 8;

  private long[] data;
  private int at;

  /** Points this cursor at the histogram stored in {@code batch} for {@code series}. */
  StoredHistogram at(ColumnarBatch batch, int series) {
    this.data = batch.histograms;
    this.at = batch.histogramOffsets[series];
    return this;
  }

  /** Lets go of the batch's arrays. */
  void release() {
    data = null;
  }

  /**
   * Writes this histogram as a remote-write {@code Histogram} message in {@code field}; {@code
   * startTimestampMs} (2.0's {@code start_timestamp}) only when above 0.
   */
  void write(ProtobufBuffer out, int field, long timestampMs, long startTimestampMs) {
    int m = out.beginMessage(field);
    out.varintField(COUNT_INT, count());
    out.doubleField(SUM, sum());
    NativeBucketsWriter.write(out, this, NativeBucketsWriter.REMOTE_WRITE);
    int hint = (int) data[at + 5];
    if (hint != RESET_HINT_UNKNOWN) {
      out.varintField(RESET_HINT, hint);
    }
    out.varintField(TIMESTAMP, timestampMs);
    if (startTimestampMs > 0) {
      out.varintField(START_TIMESTAMP, startTimestampMs);
    }
    out.endMessage(m);
  }

  @Override
  public long count() {
    return data[at];
  }

  @Override
  public double sum() {
    return Double.longBitsToDouble(data[at + 1]);
  }

  @Override
  public boolean hasNativeBuckets() {
    return true;
  }

  @Override
  public int nativeSchema() {
    return (int) data[at + 2];
  }

  @Override
  public double nativeZeroThreshold() {
    return Double.longBitsToDouble(data[at + 3]);
  }

  @Override
  public long nativeZeroCount() {
    return data[at + 4];
  }

  @Override
  public int nativeNegativeBucketCount() {
    return (int) data[at + 6];
  }

  @Override
  public int nativePositiveBucketCount() {
    return (int) data[at + 7];
  }

  @Override
  public int nativeNegativeBucketIndex(int i) {
    return (int) data[at + HEADER + 2 * i];
  }

  @Override
  public long nativeNegativeBucketValue(int i) {
    return data[at + HEADER + 2 * i + 1];
  }

  @Override
  public int nativePositiveBucketIndex(int i) {
    return (int) data[at + HEADER + 2 * (nativeNegativeBucketCount() + i)];
  }

  @Override
  public long nativePositiveBucketValue(int i) {
    return data[at + HEADER + 2 * (nativeNegativeBucketCount() + i) + 1];
  }

  // Not stored: the classic side of the series travels as separate _bucket series.

  @Override
  public int bucketCount() {
    return 0;
  }

  @Override
  public double upperBound(int i) {
    throw new IndexOutOfBoundsException(i);
  }

  @Override
  public long cumulativeCount(int i) {
    throw new IndexOutOfBoundsException(i);
  }

  @Override
  public Labels labels() {
    return Labels.EMPTY;
  }

  @Override
  public long createdTimestampMillis() {
    return 0;
  }

  @Override
  public long scrapeTimestampMillis() {
    return 0;
  }
}
