package io.promsdk.core.model;

/** A gauge series as a writer reads it. */
public interface GaugeDataPointView extends DataPointView {
  double value();
}
