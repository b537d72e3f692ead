package io.promsdk.core.model;

import java.util.List;

/** A summary family: count, sum and optional quantiles of observations. */
public final class SummarySnapshot extends MetricSnapshot<SummarySnapshot.SummaryDataPoint> {

  public SummarySnapshot(MetricMetadata metadata, List<SummaryDataPoint> dataPoints) {
    super(metadata, dataPoints);
    for (SummaryDataPoint d : dataPoints) {
      if (d.labels().contains("quantile")) {
        throw new IllegalArgumentException("summary '" + metadata.name()
            + "' must not have a label named 'quantile': it is reserved for quantiles");
      }
    }
  }

  @Override
  public MetricType type() {
    return MetricType.SUMMARY;
  }

  /** One labelled summary. */
  public static final class SummaryDataPoint extends DataPointSnapshot {
    private final long count;
    private final double sum;
    private final Quantiles quantiles;

    public SummaryDataPoint(long count, double sum, Quantiles quantiles, Labels labels,
        long createdTimestampMillis, long scrapeTimestampMillis) {
      super(labels, createdTimestampMillis, scrapeTimestampMillis);
      if (count < 0) {
        throw new IllegalArgumentException("a summary count must not be negative: " + count);
      }
      this.count = count;
      this.sum = sum;
      this.quantiles = quantiles == null ? Quantiles.EMPTY : quantiles;
    }

    public SummaryDataPoint(long count, double sum, Quantiles quantiles, Labels labels) {
      this(count, sum, quantiles, labels, 0, 0);
    }

    public long count() {
      return count;
    }

    public double sum() {
      return sum;
    }

    public Quantiles quantiles() {
      return quantiles;
    }
  }
}
