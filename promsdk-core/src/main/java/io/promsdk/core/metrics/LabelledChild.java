package io.promsdk.core.metrics;

/**
 * What every child of a labelled metric carries: its label values (constant ones first, in the
 * order of the metric's label names) and the hash of its variable label values. The child is its
 * own entry in the {@link ChildTable}, and the names live once in the metric, so a series costs no
 * key, entry or {@link io.promsdk.core.model.Labels} object of its own.
 */
abstract class LabelledChild {
  final String[] labelValues;
  final int labelHash;

  LabelledChild(String[] labelValues, int labelHash) {
    this.labelValues = labelValues;
    this.labelHash = labelHash;
  }
}
