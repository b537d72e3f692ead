package io.promsdk.core.metrics;

import java.util.Arrays;

/**
 * What every child of a labelled metric carries: its variable label values and their hash. The
 * child is its own entry in the {@link ChildTable}, and the names and constant values live once in
 * the metric, so a series costs no key, entry or {@link io.promsdk.core.model.Labels} object.
 *
 * <p>The first two values are fields: most metrics have one or two labels, and a lookup then
 * compares them without following an array, and the series holds no array at all.
 */
abstract class LabelledChild {
  final String value0;
  final String value1;
  /** Values from the third on; null for fewer than three labels. */
  final String[] moreValues;
  final int labelHash;

  /** {@code values}: the variable label values, not kept. */
  LabelledChild(String[] values, int labelHash) {
    int n = values.length;
    this.value0 = n > 0 ? values[0] : null;
    this.value1 = n > 1 ? values[1] : null;
    this.moreValues = n > 2 ? Arrays.copyOfRange(values, 2, n) : null;
    this.labelHash = labelHash;
  }

  /** How many variable label values this child has. */
  final int valueCount() {
    return moreValues != null ? 2 + moreValues.length : value1 != null ? 2 : value0 != null ? 1 : 0;
  }

  /** The {@code i}th variable label value. */
  final String value(int i) {
    return i == 0 ? value0 : i == 1 ? value1 : moreValues[i - 2];
  }

  /** A copy of the variable label values. */
  final String[] values() {
    String[] values = new String[valueCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = value(i);
    }
    return values;
  }
}
