package io.promsdk.core.model;

/** A state set series as a writer reads it: named states, each on or off. */
public interface StateSetDataPointView extends DataPointView {
  /** The number of states; at least 1. */
  int stateCount();

  String stateName(int i);

  boolean isStateEnabled(int i);
}
