package io.promsdk.core.metrics;

import java.io.IOException;

/**
 * Receives the series of a metric one by one, through one reused {@link Series}; see {@link
 * Metric#visitSeries}. The view is only valid during the call.
 */
@FunctionalInterface
public interface SeriesVisitor {
  void visit(Series series) throws IOException;
}
