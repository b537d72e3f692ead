package io.promsdk.core.model;

import java.io.IOException;

/**
 * One metric family as a writer reads it: its metadata, its type and its data points, visited one
 * by one through the read-only views of the type. Both a {@link MetricSnapshot} (immutable values)
 * and promsdk's own metrics (read series by series when visited, through one reused cursor and
 * without an object per series) are family views; formats are written against this interface and
 * so write both alike.
 *
 * <pre>{@code
 * out.header(family.metadata(), family.type());
 * family.forEachDataPoint(writer); // writer: a DataPointVisitor
 * }</pre>
 */
public interface FamilyView {
  MetricMetadata metadata();

  MetricType type();

  /** The family name, without a counter's {@code _total} or an info's {@code _info}. */
  default String name() {
    return metadata().name();
  }

  /**
   * Passes every data point, in order, to the {@code visitor} method of this family's type. A
   * live family reads its current values now; each series is read consistently (a histogram's
   * count equals its {@code +Inf} bucket), not the family as a whole.
   *
   * @throws IOException only if the visitor throws it
   */
  void forEachDataPoint(DataPointVisitor visitor) throws IOException;

  /** The family's current data points as an immutable snapshot (itself, for a snapshot). */
  MetricSnapshot<?> snapshot();
}
