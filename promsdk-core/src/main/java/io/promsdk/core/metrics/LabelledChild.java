package io.promsdk.core.metrics;

import io.promsdk.core.model.Labels;

/**
 * What every child of a labelled metric carries: its labels (constant ones first) and the hash of
 * its variable label values. The child is its own entry in the {@link ChildTable}, so a series costs
 * no separate key or entry object.
 */
abstract class LabelledChild {
  final Labels labels;
  final int labelHash;

  LabelledChild(Labels labels, int labelHash) {
    this.labels = labels;
    this.labelHash = labelHash;
  }
}
