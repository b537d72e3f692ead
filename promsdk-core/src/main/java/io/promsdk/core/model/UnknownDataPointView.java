package io.promsdk.core.model;

/** A series of unknown type (untyped in the Prometheus text format) as a writer reads it. */
public interface UnknownDataPointView extends DataPointView {
  double value();
}
