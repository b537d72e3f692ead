package io.promsdk.exposition;

import io.promsdk.core.metrics.Series;

/**
 * Shows core's reused {@link Series} view through {@link ProtobufSeries}: one per scrape, pointed
 * at the series being written, so that reading allocates nothing.
 */
final class SeriesReader implements ProtobufSeries {
  private Series s;

  /** Points this reader at {@code series}; returns this. */
  SeriesReader of(Series series) {
    this.s = series;
    return this;
  }

  @Override
  public int labelCount() {
    return s.labelCount();
  }

  @Override
  public String labelName(int i) {
    return s.labelName(i);
  }

  @Override
  public String labelValue(int i) {
    return s.labelValue(i);
  }

  @Override
  public long createdTimestampMillis() {
    return s.createdTimestampMillis();
  }

  @Override
  public long scrapeTimestampMillis() {
    return s.scrapeTimestampMillis();
  }

  @Override
  public double value() {
    return s.value();
  }

  @Override
  public long count() {
    return s.count();
  }

  @Override
  public double sum() {
    return s.sum();
  }

  @Override
  public int size() {
    return s.size();
  }

  @Override
  public double upperBound(int i) {
    return s.upperBound(i);
  }

  @Override
  public long cumulativeCount(int i) {
    return s.cumulativeCount(i);
  }

  @Override
  public double quantile(int i) {
    return s.quantile(i);
  }

  @Override
  public double quantileValue(int i) {
    return s.quantileValue(i);
  }

  @Override
  public String stateName(int i) {
    return s.stateName(i);
  }

  @Override
  public boolean isStateEnabled(int i) {
    return s.isStateEnabled(i);
  }
}
