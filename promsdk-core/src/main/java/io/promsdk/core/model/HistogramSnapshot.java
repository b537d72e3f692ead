package io.promsdk.core.model;

import java.io.IOException;
import java.util.List;

/**
 * A histogram family with classic buckets. Native (exponential) buckets will be added to
 * {@link HistogramDataPoint} as optional fields, without changing what exists here.
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

  /** One labelled histogram. {@code count()} always equals the {@code +Inf} bucket's count. */
  public static final class HistogramDataPoint extends DataPointSnapshot implements HistogramDataPointView {
    private final ClassicBuckets buckets;
    private final double sum;
    private final HistogramExemplars exemplars;

    public HistogramDataPoint(ClassicBuckets buckets, double sum, Labels labels,
        long createdTimestampMillis, long scrapeTimestampMillis) {
      this(buckets, sum, labels, createdTimestampMillis, scrapeTimestampMillis, HistogramExemplars.NONE);
    }

    /** A series with exemplars, by classic bucket and for the native histogram. */
    public HistogramDataPoint(ClassicBuckets buckets, double sum, Labels labels,
        long createdTimestampMillis, long scrapeTimestampMillis, HistogramExemplars exemplars) {
      super(labels, createdTimestampMillis, scrapeTimestampMillis);
      if (exemplars.classicLength() > buckets.size()) {
        throw new IllegalArgumentException("exemplars for " + exemplars.classicLength()
            + " classic buckets, but the histogram has " + buckets.size());
      }
      this.exemplars = exemplars;
      this.buckets = buckets;
      this.sum = sum;
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
  }
}
