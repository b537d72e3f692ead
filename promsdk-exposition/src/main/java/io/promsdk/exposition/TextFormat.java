package io.promsdk.exposition;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Metric;
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
  private final String displayName;
  private final Map<MetricType, List<String>> occupiedSuffixes;
  private final FamilyNameCheck nameCheck = new FamilyNameCheck(this);

  /**
   * @param occupiedSuffixes per type, the names a family of that type may write in this format,
   *     as suffixes of its name ({@code ""} for the name itself); two families in one exposition
   *     must not share any
   */
  TextFormat(String name, String contentType, String displayName,
      Map<MetricType, List<String>> occupiedSuffixes) {
    this.name = name;
    this.contentType = contentType;
    this.displayName = displayName;
    this.occupiedSuffixes = occupiedSuffixes;
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
    Objects.requireNonNull(options, "options");
    TextBuffer b = TextBuffer.acquire(out);
    try {
      Scrape scrape = b.scrape().reset(Scrape.ALL, options);
      for (int i = 0; i < snapshots.size(); i++) {
        scrape.snapshot(snapshots.get(i));
      }
      write(b, scrape);
    } finally {
      b.release();
    }
  }

  @Override
  public final void write(OutputStream out, CollectorRegistry registry,
      BiPredicate<String, MetricType> familyFilter, ExpositionOptions options) throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(familyFilter, "familyFilter");
    Objects.requireNonNull(options, "options");
    TextBuffer b = TextBuffer.acquire(out);
    try {
      Scrape scrape = b.scrape().reset(familyFilter, options);
      registry.collect(scrape);
      if (scrape.leavesOutFailedCollectors()) {
        leaveOutUnwritable(scrape, registry);
      }
      write(b, scrape);
    } finally {
      b.release();
    }
  }

  /**
   * Leaves out, whole, each collector with a family that cannot be written next to the families
   * before it (a name collision, an unusable state set name), and reports it to the registry.
   * The later of two colliding families is the one refused, so the collector registered later
   * goes, never both, whatever the order of the scrapes. The registry's failure counter joins
   * the output if this made the first failure.
   */
  private void leaveOutUnwritable(Scrape scrape, CollectorRegistry registry) {
    boolean failuresRefused = false; // the failure counter itself collided: it stays out
    for (FamilyNameCheck.Unwritable u; (u = nameCheck.firstUnwritable(scrape)) != null; ) {
      Collector owner = scrape.owner(u.family());
      scrape.removeFamiliesOf(owner);
      Metric failures = registry.collectorFailuresMetric();
      if (owner == failures) {
        failuresRefused = true;
        continue;
      }
      registry.reportLeftOut(owner, new IllegalArgumentException(u.problem()));
      failures = registry.collectorFailuresMetric();
      if (failures != null && !failuresRefused && !scrape.contains(failures)
          && scrape.wants(failures.name(), failures.type())) {
        scrape.metric(failures);
      }
    }
  }

  private void write(TextBuffer b, Scrape scrape) throws IOException {
    nameCheck.check(scrape);
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

  final List<String> occupiedSuffixes(MetricType type) {
    return occupiedSuffixes.get(type);
  }

  /** The format's name in error messages, e.g. "the Prometheus text format". */
  final String displayName() {
    return displayName;
  }

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
    sampleStart(b, name, suffix, s, false).value(value);
    end(b, s);
  }

  /** {@code name suffix labels value [timestamp]}, for counts. */
  final void sample(TextBuffer b, String name, String suffix, Series s, long value)
      throws IOException {
    sampleStart(b, name, suffix, s, false).value(value);
    end(b, s);
  }

  /**
   * {@code name suffix labels value [timestamp]} for a later line of a series whose labels
   * {@link #buckets} or {@link #quantiles} remembered: the same line as {@link #sample}.
   */
  final void sampleOfSameSeries(TextBuffer b, String name, String suffix, Series s, double value)
      throws IOException {
    sampleStart(b, name, suffix, s, true).value(value);
    end(b, s);
  }

  /** As {@link #sampleOfSameSeries(TextBuffer, String, String, Series, double)}, for counts. */
  final void sampleOfSameSeries(TextBuffer b, String name, String suffix, Series s, long value)
      throws IOException {
    sampleStart(b, name, suffix, s, true).value(value);
    end(b, s);
  }

  /** {@code name suffix labels } of a sample line, the labels remembered ones if {@code sameSeries}. */
  private static TextBuffer sampleStart(TextBuffer b, String name, String suffix, Series s,
      boolean sameSeries) throws IOException {
    b.name(name, suffix);
    return (sameSeries ? b.sameLabels(s) : b.labels(s)).ascii(' ');
  }

  /** {@code # KEYWORD name suffix } (the caller writes the rest of the line). */
  static TextBuffer metadata(TextBuffer b, String keyword, String name, String suffix) throws IOException {
    return b.ascii("# ").ascii(keyword).ascii(' ').name(name, suffix).ascii(' ');
  }

  /**
   * The cumulative {@code _bucket} samples, {@code le} last and canonical: a histogram series'
   * first lines. Remembers the series' labels, so that its later lines can use {@link
   * #sampleOfSameSeries}.
   */
  final void buckets(TextBuffer b, String name, Series s) throws IOException {
    b.rememberLabels(s);
    for (int i = 0; i < s.size(); i++) {
      b.name(name, "_bucket").sameLabels(s, "le", s.upperBound(i)).ascii(' ')
          .value(s.cumulativeCount(i));
      end(b, s);
    }
  }

  /**
   * One sample per quantile, {@code quantile} last and canonical; negative values skipped if asked:
   * a summary series' first lines. Remembers the series' labels, as {@link #buckets} does.
   */
  final void quantiles(TextBuffer b, String name, Series s, boolean skipNegative) throws IOException {
    b.rememberLabels(s);
    for (int i = 0; i < s.size(); i++) {
      if (skipNegative && s.quantileValue(i) < 0) {
        continue;
      }
      b.name(name, "").sameLabels(s, "quantile", s.quantile(i)).ascii(' ').value(s.quantileValue(i));
      end(b, s);
    }
  }

  /**
   * One sample per state, labelled {@code <name>="<state>"}, valued 1 or 0. A state named twice is
   * written once (its first flag), as two samples with the same labels would be invalid.
   */
  private void states(TextBuffer b, String name, Series s) throws IOException {
    b.rememberLabels(s);
    for (int i = 0; i < s.size(); i++) {
      if (!isRepeatedState(s, i)) {
        b.name(name, "").sameLabels(s, name, s.stateName(i)).ascii(' ')
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
