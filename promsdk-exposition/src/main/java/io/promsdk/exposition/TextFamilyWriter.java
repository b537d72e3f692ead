package io.promsdk.exposition;

import io.promsdk.core.model.CounterDataPointView;
import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.GaugeDataPointView;
import io.promsdk.core.model.HistogramDataPointView;
import io.promsdk.core.model.InfoDataPointView;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.SampleSuffixes;
import io.promsdk.core.model.StateSetDataPointView;
import io.promsdk.core.model.SummaryDataPointView;
import io.promsdk.core.model.UnknownDataPointView;
import java.io.IOException;

/**
 * Writes families in a text format: the metadata lines, then each data point, handed over by the
 * family through the view of its type, as the format's sample lines. One per write; it holds the
 * family being written for the visits.
 */
final class TextFamilyWriter implements DataPointVisitor {
  private final TextFormat format;
  private final TextBuffer out;
  private final boolean withCreated;
  private String name;
  private MetricType type;

  /** @param withCreated whether {@code _created} samples are written (OpenMetrics only) */
  TextFamilyWriter(TextFormat format, TextBuffer out, boolean withCreated) {
    this.format = format;
    this.out = out;
    this.withCreated = withCreated;
  }

  /** Writes {@code family}, named {@code name} and of {@code type} as collected. */
  void write(FamilyView family, String name, MetricType type) throws IOException {
    this.name = name;
    this.type = type;
    format.header(out, family.metadata(), type);
    family.forEachDataPoint(this);
  }

  @Override
  public void dataPoint(DataPointView point) {
    throw new IllegalStateException(name + ": a data point without its type: " + point);
  }

  @Override
  public void counter(CounterDataPointView p) throws IOException {
    format.counter(out, name, p, withCreated);
  }

  @Override
  public void gauge(GaugeDataPointView p) throws IOException {
    format.sample(out, name, "", p, p.value());
  }

  @Override
  public void unknown(UnknownDataPointView p) throws IOException {
    format.sample(out, name, "", p, p.value());
  }

  @Override
  public void info(InfoDataPointView p) throws IOException {
    format.sample(out, name, SampleSuffixes.INFO, p, 1L);
  }

  @Override
  public void stateSet(StateSetDataPointView p) throws IOException {
    format.states(out, name, p);
  }

  @Override
  public void histogram(HistogramDataPointView p) throws IOException {
    format.histogram(out, name, type == MetricType.GAUGE_HISTOGRAM, p, withCreated);
  }

  @Override
  public void summary(SummaryDataPointView p) throws IOException {
    format.summary(out, name, p, withCreated);
  }
}
