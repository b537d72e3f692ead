package io.promsdk.core.model;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A histogram (or gauge histogram) family: per series, classic buckets and, optionally, native
 * (exponential) buckets ({@link NativeBuckets}).
 *
 * <p>A custom collector builds a classic, a classic + native, or a native-only series:
 *
 * <pre>{@code
 * ClassicBuckets classic = ClassicBuckets.of(new double[] {0.1, 1, Double.POSITIVE_INFINITY}, new long[] {2, 5, 6});
 * NativeBuckets nativ = NativeBuckets.builder(3).positive(-26, 2).positive(0, 3).positive(7, 1).build();
 * new HistogramSnapshot(new MetricMetadata("rpc_seconds", "RPC latency."), List.of(
 *     new HistogramDataPoint(classic, 4.2, Labels.of("rpc", "get")),                // classic
 *     new HistogramDataPoint(classic, nativ, 4.2, Labels.of("rpc", "put"), 0, 0),   // both
 *     HistogramDataPoint.nativeOnly(nativ, 4.2, Labels.of("rpc", "del"))));         // native only
 * }</pre>
 */
public final class HistogramSnapshot extends MetricSnapshot<HistogramSnapshot.HistogramDataPoint> {
  private final boolean gaugeHistogram;

  public HistogramSnapshot(MetricMetadata metadata, List<HistogramDataPoint> dataPoints) {
    this(false, metadata, dataPoints);
  }

  public HistogramSnapshot(boolean gaugeHistogram, MetricMetadata metadata, List<HistogramDataPoint> dataPoints) {
    super(metadata, dataPoints);
    this.gaugeHistogram = gaugeHistogram;
    for (HistogramDataPoint d : dataPoints) {
      if (d.labels().contains("le")) {
        throw new IllegalArgumentException(
            "histogram '" + metadata.name() + "' must not have a label named 'le': it is reserved for buckets");
      }
      checkNativeCount(metadata, d);
    }
  }

  /** The native buckets of a series hold no more observations than its count (NaN ones are in none). */
  private static void checkNativeCount(MetricMetadata metadata, HistogramDataPoint d) {
    NativeBuckets nativeBuckets = d.nativeBuckets();
    if (nativeBuckets != null && nativeBuckets.totalCount() > d.count()) {
      throw new IllegalArgumentException("histogram '" + metadata.name() + "' " + d.labels()
          + ": its native buckets hold " + nativeBuckets.totalCount() + " observations, more than its count "
          + d.count() + " (the +Inf bucket's count)");
    }
  }

  @Override
  public MetricType type() {
    return gaugeHistogram ? MetricType.GAUGE_HISTOGRAM : MetricType.HISTOGRAM;
  }

  @Override
  public void forEachDataPoint(DataPointVisitor visitor) throws IOException {
    List<HistogramDataPoint> points = dataPoints();
    for (int i = 0; i < points.size(); i++) {
      visitor.histogram(points.get(i));
    }
  }

  /**
   * One labelled histogram. {@code count()} always equals the {@code +Inf} bucket's count; a
   * native-only series has that one classic bucket, which holds its count.
   */
  public static final class HistogramDataPoint extends DataPointSnapshot implements HistogramDataPointView {
    private static final double[] ONLY_INF = {Double.POSITIVE_INFINITY};

    private final ClassicBuckets buckets;
    private final double sum;
    private final NativeBuckets nativeBuckets; // null: classic only
    private final HistogramExemplars exemplars;

    public HistogramDataPoint(ClassicBuckets buckets, double sum, Labels labels,
        long createdTimestampMillis, long scrapeTimestampMillis) {
      this(buckets, null, sum, labels, createdTimestampMillis, scrapeTimestampMillis, HistogramExemplars.NONE);
    }

    /** A classic series with exemplars, by classic bucket and for the native histogram. */
    public HistogramDataPoint(ClassicBuckets buckets, double sum, Labels labels,
        long createdTimestampMillis, long scrapeTimestampMillis, HistogramExemplars exemplars) {
      this(buckets, null, sum, labels, createdTimestampMillis, scrapeTimestampMillis, exemplars);
    }

    /**
     * A series with classic and (unless {@code nativeBuckets} is null) native buckets; the native
     * buckets must not hold more observations than the {@code +Inf} bucket (checked by {@link
     * HistogramSnapshot}).
     */
    public HistogramDataPoint(ClassicBuckets buckets, NativeBuckets nativeBuckets, double sum, Labels labels,
        long createdTimestampMillis, long scrapeTimestampMillis) {
      this(buckets, nativeBuckets, sum, labels, createdTimestampMillis, scrapeTimestampMillis,
          HistogramExemplars.NONE);
    }

    /**
     * A series with classic and (unless {@code nativeBuckets} is null) native buckets, and
     * exemplars by classic bucket and for the native histogram.
     */
    public HistogramDataPoint(ClassicBuckets buckets, NativeBuckets nativeBuckets, double sum, Labels labels,
        long createdTimestampMillis, long scrapeTimestampMillis, HistogramExemplars exemplars) {
      super(labels, createdTimestampMillis, scrapeTimestampMillis);
      Objects.requireNonNull(buckets, "buckets");
      Objects.requireNonNull(exemplars, "exemplars (HistogramExemplars.NONE for none)");
      if (exemplars.classicLength() > buckets.size()) {
        throw new IllegalArgumentException("exemplars for " + exemplars.classicLength()
            + " classic buckets, but the histogram has " + buckets.size());
      }
      this.exemplars = exemplars;
      this.buckets = buckets;
      this.nativeBuckets = nativeBuckets;
      this.sum = sum;
    }

    /**
     * A native-only series of {@code count} observations (at least {@code nativeBuckets}' total;
     * more if some were NaN): its one classic bucket is {@code +Inf}, holding {@code count}.
     */
    public static HistogramDataPoint nativeOnly(NativeBuckets nativeBuckets, long count, double sum, Labels labels,
        long createdTimestampMillis, long scrapeTimestampMillis) {
      return new HistogramDataPoint(ClassicBuckets.of(ONLY_INF, new long[] {count}), nativeBuckets, sum, labels,
          createdTimestampMillis, scrapeTimestampMillis);
    }

    /** A native-only series whose count is the observations in its native buckets. */
    public static HistogramDataPoint nativeOnly(NativeBuckets nativeBuckets, double sum, Labels labels) {
      return nativeOnly(nativeBuckets, nativeBuckets.totalCount(), sum, labels, 0, 0);
    }

    public HistogramDataPoint(ClassicBuckets buckets, double sum, Labels labels) {
      this(buckets, sum, labels, 0, 0);
    }

    public ClassicBuckets buckets() {
      return buckets;
    }

    @Override
    public long count() {
      return buckets.totalCount();
    }

    @Override
    public int bucketCount() {
      return buckets.size();
    }

    @Override
    public double upperBound(int i) {
      return buckets.upperBound(i);
    }

    @Override
    public long cumulativeCount(int i) {
      return buckets.cumulativeCount(i);
    }

    public HistogramExemplars exemplars() {
      return exemplars;
    }

    @Override
    public Exemplar bucketExemplar(int i) {
      return exemplars.bucket(i);
    }

    @Override
    public int nativeExemplarCount() {
      return exemplars.nativeExemplars().size();
    }

    @Override
    public Exemplar nativeExemplar(int i) {
      return exemplars.nativeExemplars().get(i);
    }

    /** The sum of observations; NaN when unknown (e.g. a gauge histogram fed negative values). */
    @Override
    public double sum() {
      return sum;
    }

    // ------------------------------------------------------------ native buckets

    /** The native buckets; null for a classic-only series. */
    public NativeBuckets nativeBuckets() {
      return nativeBuckets;
    }

    @Override
    public boolean hasNativeBuckets() {
      return nativeBuckets != null;
    }

    @Override
    public int nativeSchema() {
      return nativeBuckets == null ? 0 : nativeBuckets.schema();
    }

    @Override
    public double nativeZeroThreshold() {
      return nativeBuckets == null ? 0 : nativeBuckets.zeroThreshold();
    }

    @Override
    public long nativeZeroCount() {
      return nativeBuckets == null ? 0 : nativeBuckets.zeroCount();
    }

    @Override
    public int nativePositiveBucketCount() {
      return nativeBuckets == null ? 0 : nativeBuckets.positiveSize();
    }

    @Override
    public int nativePositiveBucketIndex(int i) {
      return nativeOrThrow(i).positiveIndex(i);
    }

    @Override
    public long nativePositiveBucketValue(int i) {
      return nativeOrThrow(i).positiveCount(i);
    }

    @Override
    public int nativeNegativeBucketCount() {
      return nativeBuckets == null ? 0 : nativeBuckets.negativeSize();
    }

    @Override
    public int nativeNegativeBucketIndex(int i) {
      return nativeOrThrow(i).negativeIndex(i);
    }

    @Override
    public long nativeNegativeBucketValue(int i) {
      return nativeOrThrow(i).negativeCount(i);
    }

    private NativeBuckets nativeOrThrow(int i) {
      if (nativeBuckets == null) {
        throw new IndexOutOfBoundsException(i);
      }
      return nativeBuckets;
    }
  }
}
