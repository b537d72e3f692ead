package io.promsdk.core;

import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.MetricSnapshot;

/**
 * Where a {@link Collector} puts its families during a collection. The registry hands each
 * collector a sink of its own, checks what arrives and passes it on to the writer, so that a
 * collector is written whole or left out whole.
 *
 * <pre>{@code
 * public void collect(FamilySink sink) {
 *   sink.collected(new GaugeSnapshot(metadata, List.of(new GaugeDataPoint(queue.size(), Labels.EMPTY))));
 * }
 * }</pre>
 */
public interface FamilySink {
  /**
   * A family whose values were collected from code that can get them wrong: before any family of
   * the collector is passed on, the registry refuses one with a null data point or two data
   * points with the same labels (failing the collector).
   */
  void collected(MetricSnapshot<?> family);

  /**
   * A family that needs no check, because its data points are distinct by construction; it may
   * be live, read only when it is written (promsdk's own metrics pass themselves here, so that a
   * scrape reads them series by series instead of snapshotting them).
   */
  void family(FamilyView family);
}
