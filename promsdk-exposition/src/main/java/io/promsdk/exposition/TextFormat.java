package io.promsdk.exposition;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Series;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * What the Prometheus text and OpenMetrics text formats have in common: the write loop over a
 * {@link Scrape}, the sample lines of values, buckets, quantiles and states, and the family name
 * check. Subclasses write the metadata lines and decide which samples counters, histograms and
 * summaries have. Every sample is written from a {@link Series}, whether it comes from a snapshot
 * or straight from a metric.
 */
abstract class TextFormat implements ExpositionFormat {
  private final String name;
  private final String contentType;
  private final FamilyNameCheck nameCheck;

  /**
   * @param occupiedSuffixes per type, the names a family of that type may write in this format,
   *     as suffixes of its name ({@code ""} for the name itself); two families in one exposition
   *     must not share any
   */
  TextFormat(String name, String contentType, String displayName,
      Map<MetricType, List<String>> occupiedSuffixes) {
    this.name = name;
    this.contentType = contentType;
    this.nameCheck = new FamilyNameCheck(displayName, occupiedSuffixes);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String contentType() {
    return contentType;
  }

  @Override
  public final String toString() {
    return name;
  }

  @Override
  public final void write(OutputStream out, MetricSnapshots snapshots, ExpositionOptions options)
      throws IOException {
    Objects.requireNonNull(out, "out");
    TextBuffer b = TextBuffer.acquire(out);
    try {
      write(b, b.scrape().of(snapshots, options, nameCheck));
    } finally {
      b.release();
    }
  }

  @Override
  public final void write(OutputStream out, CollectorRegistry registry,
      BiPredicate<String, MetricType> familyFilter, ExpositionOptions options) throws IOException {
    Objects.requireNonNull(out, "out");
    TextBuffer b = TextBuffer.acquire(out);
    try {
      write(b, b.scrape().of(registry, familyFilter, options, nameCheck));
    } finally {
      b.release();
    }
  }

  private void write(TextBuffer b, Scrape scrape) throws IOException {
    for (int i = 0; i < scrape.size(); i++) {
      scrape.write(i, this, b);
    }
    writeEnd(b);
    b.flush();
  }

  /** Writes the metadata lines of a family. */
  abstract void header(TextBuffer b, MetricMetadata metadata, MetricType type) throws IOException;

  /** Writes the samples of one series of family {@code name}. */
  final void series(TextBuffer b, String name, MetricType type, Series s) throws IOException {
    switch (type) {
      case GAUGE, UNKNOWN -> sample(b, name, "", s, s.value());
      case INFO -> sample(b, name, "_info", s, 1L);
      case STATESET -> states(b, name, s);
      case COUNTER -> counter(b, name, s);
      case HISTOGRAM, GAUGE_HISTOGRAM -> histogram(b, name, type == MetricType.GAUGE_HISTOGRAM, s);
      case SUMMARY -> summary(b, name, s);
    }
  }

  abstract void counter(TextBuffer b, String name, Series s) throws IOException;

  abstract void histogram(TextBuffer b, String name, boolean gauge, Series s) throws IOException;

  abstract void summary(TextBuffer b, String name, Series s) throws IOException;

  /** Writes what follows the last family. */
  void writeEnd(TextBuffer b) throws IOException {}

  /** Writes a sample timestamp (after its separating space). */
  abstract void timestamp(TextBuffer b, long millis) throws IOException;

  // ---------------------------------------------------------------- shared sample lines

  /** Ends a sample line: the series' timestamp, if it has one, and a line feed. */
  final void end(TextBuffer b, Series s) throws IOException {
    if (s.hasScrapeTimestamp()) {
      b.ascii(' ');
      timestamp(b, s.scrapeTimestampMillis());
    }
    b.ascii('\n');
  }

  /** {@code name suffix labels value [timestamp]}. */
  final void sample(TextBuffer b, String name, String suffix, Series s, double value)
      throws IOException {
    b.name(name, suffix).labels(s).ascii(' ').value(value);
    end(b, s);
  }

  /** {@code name suffix labels value [timestamp]}, for counts. */
  final void sample(TextBuffer b, String name, String suffix, Series s, long value)
      throws IOException {
    b.name(name, suffix).labels(s).ascii(' ').value(value);
    end(b, s);
  }

  /** {@code # KEYWORD name suffix } (the caller writes the rest of the line). */
  static TextBuffer metadata(TextBuffer b, String keyword, String name, String suffix) throws IOException {
    return b.ascii("# ").ascii(keyword).ascii(' ').name(name, suffix).ascii(' ');
  }

  /** The cumulative {@code _bucket} samples, {@code le} last and canonical. */
  final void buckets(TextBuffer b, String name, Series s) throws IOException {
    for (int i = 0; i < s.size(); i++) {
      b.name(name, "_bucket").labels(s, "le", s.upperBound(i)).ascii(' ')
          .value(s.cumulativeCount(i));
      end(b, s);
    }
  }

  /** One sample per quantile, {@code quantile} last and canonical; negative values skipped if asked. */
  final void quantiles(TextBuffer b, String name, Series s, boolean skipNegative) throws IOException {
    for (int i = 0; i < s.size(); i++) {
      if (skipNegative && s.quantileValue(i) < 0) {
        continue;
      }
      b.name(name, "").labels(s, "quantile", s.quantile(i)).ascii(' ').value(s.quantileValue(i));
      end(b, s);
    }
  }

  /**
   * One sample per state, labelled {@code <name>="<state>"}, valued 1 or 0. A state named twice is
   * written once (its first flag), as two samples with the same labels would be invalid.
   */
  private void states(TextBuffer b, String name, Series s) throws IOException {
    for (int i = 0; i < s.size(); i++) {
      if (!isRepeatedState(s, i)) {
        b.name(name, "").labels(s, name, s.stateName(i)).ascii(' ')
            .value(s.isStateEnabled(i) ? 1L : 0L);
        end(b, s);
      }
    }
  }

  private static boolean isRepeatedState(Series s, int i) {
    for (int j = 0; j < i; j++) {
      if (s.stateName(j).equals(s.stateName(i))) {
        return true;
      }
    }
    return false;
  }
}
