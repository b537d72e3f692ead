package io.promsdk.instrumentation.jvm;

import io.promsdk.core.model.CounterDataPointView;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.GaugeDataPointView;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.SummaryDataPointView;
import java.io.IOException;

/**
 * A gauge, counter or summary (count and sum, no quantiles) family whose values a collector read
 * from the management beans during {@code collect}: the values are read before anything is
 * written, so that a bean that throws leaves the whole collector out instead of cutting a scrape
 * short. One object and one array per family per scrape; the label sets are the collector's own,
 * made once, and the data points are visited through one cursor, without an object per series.
 *
 * <p>Immutable after construction, as long as the collector does not touch the arrays it passed
 * (each {@code collect} passes new ones).
 */
final class ReadFamily implements FamilyView {
  private final MetricMetadata metadata;
  private final MetricType type;
  private final Labels[] series;
  private final double[] values; // gauge and counter values, or summary sums
  private final long[] counts; // summary counts, null for other types

  private ReadFamily(MetricMetadata metadata, MetricType type, Labels[] series, double[] values, long[] counts) {
    if (values.length != series.length || (counts != null && counts.length != series.length)) {
      throw new IllegalArgumentException(metadata.name() + ": " + series.length + " label sets but "
          + values.length + " values");
    }
    this.metadata = metadata;
    this.type = type;
    this.series = series;
    this.values = values;
    this.counts = counts;
  }

  /** A gauge family: {@code values[i]} is the value of the series labelled {@code series[i]}. */
  static ReadFamily gauge(MetricMetadata metadata, Labels[] series, double[] values) {
    return new ReadFamily(metadata, MetricType.GAUGE, series, values, null);
  }

  /** A counter family: {@code values[i]} is the value of the series labelled {@code series[i]}. */
  static ReadFamily counter(MetricMetadata metadata, Labels[] series, double[] values) {
    return new ReadFamily(metadata, MetricType.COUNTER, series, values, null);
  }

  /** A summary family without quantiles: a count and a sum per series. */
  static ReadFamily summary(MetricMetadata metadata, Labels[] series, long[] counts, double[] sums) {
    return new ReadFamily(metadata, MetricType.SUMMARY, series, sums, counts);
  }

  /** A gauge family of one series without labels. */
  static ReadFamily gauge(MetricMetadata metadata, double value) {
    return gauge(metadata, NO_LABELS, new double[] {value});
  }

  /** A counter family of one series without labels. */
  static ReadFamily counter(MetricMetadata metadata, double value) {
    return counter(metadata, NO_LABELS, new double[] {value});
  }

  private static final Labels[] NO_LABELS = {Labels.EMPTY};

  @Override
  public MetricMetadata metadata() {
    return metadata;
  }

  @Override
  public MetricType type() {
    return type;
  }

  @Override
  public void forEachDataPoint(DataPointVisitor visitor) throws IOException {
    Cursor cursor = new Cursor();
    for (int i = 0; i < series.length; i++) {
      cursor.at = i;
      switch (type) {
        case GAUGE -> visitor.gauge(cursor);
        case COUNTER -> visitor.counter(cursor);
        default -> visitor.summary(cursor);
      }
    }
  }

  @Override
  public MetricSnapshot<?> snapshot() {
    return MetricSnapshot.copyOf(this);
  }

  /** The series at {@code at}, as whichever view the family's type asks for. */
  private final class Cursor implements GaugeDataPointView, CounterDataPointView, SummaryDataPointView {
    int at;

    @Override
    public Labels labels() {
      return series[at];
    }

    @Override
    public double value() {
      return values[at];
    }

    @Override
    public long count() {
      return counts[at];
    }

    @Override
    public double sum() {
      return values[at];
    }

    @Override
    public int quantileCount() {
      return 0;
    }

    @Override
    public double quantile(int i) {
      throw new IndexOutOfBoundsException(i);
    }

    @Override
    public double quantileValue(int i) {
      throw new IndexOutOfBoundsException(i);
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
}
