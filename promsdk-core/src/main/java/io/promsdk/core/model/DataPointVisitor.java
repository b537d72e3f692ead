package io.promsdk.core.model;

import java.io.IOException;

/**
 * Receives the data points of a family, each through the view of its type: what a format
 * implements to write a family, whether it is a snapshot or one of promsdk's metrics read series
 * by series (see {@link FamilyView#forEachDataPoint}). No cast and no {@code instanceof}: the
 * family calls the method of its type.
 *
 * <pre>{@code
 * family.forEachDataPoint(new DataPointVisitor() {
 *   public void dataPoint(DataPointView p) {}
 *   public void counter(CounterDataPointView p) { out.println(p.labels() + " " + p.value()); }
 * });
 * }</pre>
 *
 * <p>Each typed method passes its view to {@link #dataPoint} unless overridden, so a lambda reads
 * the labels and timestamps of any family: {@code family.forEachDataPoint(p -> names.add(p.labels()))}.
 * A view may be a cursor that moves on after the call returns (see {@link DataPointView}).
 */
@FunctionalInterface
public interface DataPointVisitor {
  /** Any data point, by default of every typed method below. */
  void dataPoint(DataPointView point) throws IOException;

  default void counter(CounterDataPointView point) throws IOException {
    dataPoint(point);
  }

  default void gauge(GaugeDataPointView point) throws IOException {
    dataPoint(point);
  }

  /** A histogram's or a gauge histogram's data point; the family's type tells them apart. */
  default void histogram(HistogramDataPointView point) throws IOException {
    dataPoint(point);
  }

  default void summary(SummaryDataPointView point) throws IOException {
    dataPoint(point);
  }

  default void info(InfoDataPointView point) throws IOException {
    dataPoint(point);
  }

  default void stateSet(StateSetDataPointView point) throws IOException {
    dataPoint(point);
  }

  default void unknown(UnknownDataPointView point) throws IOException {
    dataPoint(point);
  }
}
