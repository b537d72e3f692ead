package io.promsdk.core.model;

import java.util.Objects;

/**
 * One labelled series (or group of series, for histograms and summaries) in a snapshot; also the
 * {@link DataPointView} of its type, so that formats read it as they read a live series.
 *
 * <p>Timestamps are milliseconds since the epoch; 0 means "not set".
 */
public abstract class DataPointSnapshot implements DataPointView {
  private final Labels labels;
  private final long createdTimestampMillis;
  private final long scrapeTimestampMillis;

  protected DataPointSnapshot(Labels labels, long createdTimestampMillis, long scrapeTimestampMillis) {
    this.labels = Objects.requireNonNull(labels, "labels");
    this.createdTimestampMillis = createdTimestampMillis;
    this.scrapeTimestampMillis = scrapeTimestampMillis;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  /** When this series started counting, written as {@code _created}; 0 when unknown or disabled. */
  @Override
  public long createdTimestampMillis() {
    return createdTimestampMillis;
  }

  @Override
  public boolean hasCreatedTimestamp() {
    return createdTimestampMillis != 0;
  }

  /**
   * An explicit sample timestamp, for custom collectors that mirror another system; 0 (the normal
   * case) lets the scraper assign the time.
   */
  @Override
  public long scrapeTimestampMillis() {
    return scrapeTimestampMillis;
  }

  @Override
  public boolean hasScrapeTimestamp() {
    return scrapeTimestampMillis != 0;
  }
}
