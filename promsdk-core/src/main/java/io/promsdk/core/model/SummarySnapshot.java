package io.promsdk.core.model;

import java.io.IOException;
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

  @Override
  public void forEachDataPoint(DataPointVisitor visitor) throws IOException {
    List<SummaryDataPoint> points = dataPoints();
    for (int i = 0; i < points.size(); i++) {
      visitor.summary(points.get(i));
    }
  }

  /** One labelled summary. */
  public static final class SummaryDataPoint extends DataPointSnapshot implements SummaryDataPointView {
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

    @Override
    public long count() {
      return count;
    }

    @Override
    public double sum() {
      return sum;
    }

    public Quantiles quantiles() {
      return quantiles;
    }

    @Override
    public int quantileCount() {
      return quantiles.size();
    }

    @Override
    public double quantile(int i) {
      return quantiles.quantile(i);
    }

    @Override
    public double quantileValue(int i) {
      return quantiles.value(i);
    }
  }
}
