package io.promsdk.exposition;

import io.promsdk.core.metrics.SeriesVisitor;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricType;
import java.io.IOException;

/**
 * Receives one family at a time from {@link Scrape#write(int, FamilySink)}: its metadata, then
 * each series through the scrape's reused {@code Series} view, then its end. What a format
 * implements to be fed from a scrape, whether the family is a snapshot or one of promsdk's
 * metrics read live.
 */
interface FamilySink extends SeriesVisitor {
  void family(MetricMetadata metadata, MetricType type) throws IOException;

  default void endFamily() throws IOException {}
}
