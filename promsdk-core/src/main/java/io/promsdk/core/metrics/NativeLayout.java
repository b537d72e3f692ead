package io.promsdk.core.metrics;

/**
 * The series-wide state of a native histogram that is not a count: its resolution (schema), the
 * zero bucket's width, and which reset period it is in. Immutable; a series moves from one to the
 * next by CAS, within a period only to a lower schema or a wider zero bucket.
 */
final class NativeLayout {
  final int schema;
  final double zeroThreshold;
  /** Bumped by each reset; data of an older period count as zero. */
  final int period;
  /** When the period began: the series' created timestamp. */
  final long createdMillis;

  NativeLayout(int schema, double zeroThreshold, int period, long createdMillis) {
    this.schema = schema;
    this.zeroThreshold = zeroThreshold;
    this.period = period;
    this.createdMillis = createdMillis;
  }

  NativeLayout withSchema(int lowerSchema) {
    return new NativeLayout(lowerSchema, zeroThreshold, period, createdMillis);
  }

  NativeLayout withZeroThreshold(double widerThreshold) {
    return new NativeLayout(schema, widerThreshold, period, createdMillis);
  }

  @Override
  public String toString() {
    return "schema=" + schema + " zeroThreshold=" + zeroThreshold + " period=" + period;
  }
}
