package io.promsdk.exposition.internal;

import io.promsdk.core.model.HistogramDataPointView;

/**
 * Writes the native-bucket fields of a histogram (schema, zero bucket, spans and deltas) with
 * {@link ProtobufBuffer}, for the two protobuf messages that carry them with the same meaning but
 * different field numbers: client_model's {@code io.prometheus.client.Histogram} (the exposition's
 * protobuf format) and remote write's {@code prometheus.Histogram} / {@code
 * io.prometheus.write.v2.Histogram} (promsdk-remotewrite). Shared through this {@code internal}
 * package: not API.
 */
public final class NativeBucketsWriter {
  /** The field numbers of one message that carries native buckets. */
  public record Fields(int schema, int zeroThreshold, int zeroCount, int negativeSpan, int negativeDelta,
      int positiveSpan, int positiveDelta) {}

  /** client_model {@code metrics.proto}: {@code Histogram}. */
  public static final Fields CLIENT_MODEL = new Fields(5, 6, 7, 9, 10, 12, 13);
  /**
   * Remote write: {@code prometheus.Histogram} (prompb {@code types.proto}) and {@code
   * io.prometheus.write.v2.Histogram}, which number these fields alike ({@code zero_count_int}).
   */
  public static final Fields REMOTE_WRITE = new Fields(4, 5, 6, 8, 9, 11, 12);

  // message BucketSpan, in both protos
  private static final int SPAN_OFFSET = 1;
  private static final int SPAN_LENGTH = 2;
  /**
   * Gaps of up to this many empty buckets are bridged inside a span with zero-count buckets
   * rather than opening a new span (which costs more bytes than one or two deltas of 1 byte
   * each), as client_golang and client_java do.
   */
  private static final int MAX_BRIDGED_GAP = 2;

  private NativeBucketsWriter() {}

  /**
   * The native fields of a histogram: schema, zero threshold and zero count always (so that a
   * reader sees them set, even when 0, as client_java writes them), then the negative and
   * positive buckets as spans of consecutive indexes and deltas between the counts of
   * neighbouring buckets (the first relative to 0), as both protos define them.
   *
   * <p>A series with no observation and a zero threshold of 0 would carry no native field that
   * tells a scraper it is native (Prometheus decides by a span, a zero threshold or a zero count
   * above 0), so it gets a no-op positive span (offset 0, length 0), as client_golang adds; a
   * remote-write receiver reads it as no bucket.
   */
  public static void write(ProtobufBuffer out, HistogramDataPointView p, Fields f) {
    out.sintField(f.schema(), p.nativeSchema());
    out.doubleField(f.zeroThreshold(), p.nativeZeroThreshold());
    out.varintField(f.zeroCount(), p.nativeZeroCount());
    int negative = p.nativeNegativeBucketCount();
    int positive = p.nativePositiveBucketCount();
    if (negative > 0) {
      spans(out, f.negativeSpan(), p, false, negative);
      deltas(out, f.negativeDelta(), p, false, negative);
    }
    if (positive > 0) {
      spans(out, f.positiveSpan(), p, true, positive);
      deltas(out, f.positiveDelta(), p, true, positive);
    } else if (negative == 0 && p.nativeZeroCount() == 0 && p.nativeZeroThreshold() == 0) {
      span(out, f.positiveSpan(), 0, 0);
    }
  }

  /**
   * The spans covering the {@code n} populated buckets of one side: a span's offset is the first
   * span's starting index, else the gap since the previous span; gaps of up to {@link
   * #MAX_BRIDGED_GAP} are bridged (see {@link #deltas}).
   */
  private static void spans(ProtobufBuffer out, int field, HistogramDataPointView p, boolean positive, int n) {
    int previous = nativeIndex(p, positive, 0);
    int offset = previous;
    int length = 1;
    for (int i = 1; i < n; i++) {
      int index = nativeIndex(p, positive, i);
      int gap = index - previous - 1; // NativeBuckets' index range keeps this within an int
      if (gap <= MAX_BRIDGED_GAP) {
        length += gap + 1;
      } else {
        span(out, field, offset, length);
        offset = gap;
        length = 1;
      }
      previous = index;
    }
    span(out, field, offset, length);
  }

  /** The deltas of one side's counts, with a count of 0 for each bucket bridged by {@link #spans}. */
  private static void deltas(ProtobufBuffer out, int field, HistogramDataPointView p, boolean positive, int n) {
    long previousCount = 0;
    int previous = 0;
    for (int i = 0; i < n; i++) {
      int index = nativeIndex(p, positive, i);
      if (i > 0) {
        for (int gap = index - previous - 1; gap > 0 && gap <= MAX_BRIDGED_GAP; gap--) {
          out.sintField(field, -previousCount);
          previousCount = 0;
        }
      }
      long count = positive ? p.nativePositiveBucketValue(i) : p.nativeNegativeBucketValue(i);
      out.sintField(field, count - previousCount);
      previousCount = count;
      previous = index;
    }
  }

  private static int nativeIndex(HistogramDataPointView p, boolean positive, int i) {
    return positive ? p.nativePositiveBucketIndex(i) : p.nativeNegativeBucketIndex(i);
  }

  /** A {@code BucketSpan}, both fields written even when 0, as client_java writes them. */
  private static void span(ProtobufBuffer out, int field, int offset, int length) {
    int m = out.beginMessage(field);
    out.sintField(SPAN_OFFSET, offset);
    out.varintField(SPAN_LENGTH, length);
    out.endMessage(m);
  }
}
