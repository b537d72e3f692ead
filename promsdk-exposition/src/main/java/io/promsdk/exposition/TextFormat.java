package io.promsdk.exposition;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.CounterDataPointView;
import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.HistogramDataPointView;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.SampleSuffixes;
import io.promsdk.core.model.StateSetDataPointView;
import io.promsdk.core.model.SummaryDataPointView;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * What the Prometheus text and OpenMetrics text formats have in common: the write loop over a
 * {@link Scrape}, the sample lines of values, buckets, quantiles and states, and the family name
 * check. Subclasses write the metadata lines and decide which samples counters, histograms and
 * summaries have. Every sample is written from the read-only data view of its type, whether it is
 * a snapshot's data point or a metric's live series.
 */
abstract class TextFormat implements ExpositionFormat {
  private final String name;
  private final String contentType;
  private final String displayName;
  private final Map<MetricType, List<String>> occupiedSuffixes = new EnumMap<>(MetricType.class);
  private final FamilyNameCheck nameCheck = new FamilyNameCheck(this);

  /**
   * @param occupiedSuffixes per type, the names a family of that type may write in this format,
   *     as suffixes of its name ({@code ""} for the name itself), derived from {@link
   *     io.promsdk.core.model.SampleSuffixes}; two families in one exposition must not share any
   */
  TextFormat(String name, String contentType, String displayName,
      Function<MetricType, List<String>> occupiedSuffixes) {
    this.name = name;
    this.contentType = contentType;
    this.displayName = displayName;
    for (MetricType type : MetricType.values()) {
      this.occupiedSuffixes.put(type, occupiedSuffixes.apply(type));
    }
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
        scrape.add(snapshots.get(i));
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
      Collector failures = registry.collectorFailures();
      if (owner == failures) {
        failuresRefused = true;
        continue;
      }
      registry.reportLeftOut(owner, new IllegalArgumentException(u.problem()));
      failures = registry.collectorFailures();
      if (failures != null && !failuresRefused && !scrape.hasFamiliesOf(failures)) {
        scrape.addFamiliesOf(failures);
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

  abstract void counter(TextBuffer b, String name, CounterDataPointView s) throws IOException;

  abstract void histogram(TextBuffer b, String name, boolean gauge, HistogramDataPointView s) throws IOException;

  abstract void summary(TextBuffer b, String name, SummaryDataPointView s) throws IOException;

  /** Writes what follows the last family. */
  void writeEnd(TextBuffer b) throws IOException {}

  /** Writes a sample timestamp (after its separating space). */
  abstract void timestamp(TextBuffer b, long millis) throws IOException;

  final List<String> occupiedNames(MetricType type) {
    return occupiedSuffixes.get(type);
  }

  /** The format's name in error messages, e.g. "the Prometheus text format". */
  final String displayName() {
    return displayName;
  }

  // ---------------------------------------------------------------- shared sample lines

  /** Ends a sample line: the series' timestamp, if it has one, and a line feed. */
  final void end(TextBuffer b, DataPointView s) throws IOException {
    if (s.hasScrapeTimestamp()) {
      b.ascii(' ');
      timestamp(b, s.scrapeTimestampMillis());
    }
    b.ascii('\n');
  }

  /** {@code name suffix labels value [timestamp]}. */
  final void sample(TextBuffer b, String name, String suffix, DataPointView s, double value)
      throws IOException {
    b.name(name, suffix).labels(s).ascii(' ').value(value);
    end(b, s);
  }

  /** {@code name suffix labels value [timestamp]}, for counts. */
  final void sample(TextBuffer b, String name, String suffix, DataPointView s, long value)
      throws IOException {
    b.name(name, suffix).labels(s).ascii(' ').value(value);
    end(b, s);
  }

  /** {@code # KEYWORD name suffix } (the caller writes the rest of the line). */
  static TextBuffer metadata(TextBuffer b, String keyword, String name, String suffix) throws IOException {
    return b.ascii("# ").ascii(keyword).ascii(' ').name(name, suffix).ascii(' ');
  }

  /** The cumulative {@code _bucket} samples, {@code le} last and canonical. */
  final void buckets(TextBuffer b, String name, HistogramDataPointView s) throws IOException {
    for (int i = 0; i < s.bucketCount(); i++) {
      b.name(name, SampleSuffixes.BUCKET).labels(s, "le", s.upperBound(i)).ascii(' ')
          .value(s.cumulativeCount(i));
      end(b, s);
    }
  }

  /** One sample per quantile, {@code quantile} last and canonical; negative values skipped if asked. */
  final void quantiles(TextBuffer b, String name, SummaryDataPointView s, boolean skipNegative)
      throws IOException {
    for (int i = 0; i < s.quantileCount(); i++) {
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
  final void states(TextBuffer b, String name, StateSetDataPointView s) throws IOException {
    for (int i = 0; i < s.stateCount(); i++) {
      if (!isRepeatedState(s, i)) {
        b.name(name, "").labels(s, name, s.stateName(i)).ascii(' ')
            .value(s.isStateEnabled(i) ? 1L : 0L);
        end(b, s);
      }
    }
  }

  private static boolean isRepeatedState(StateSetDataPointView s, int i) {
    for (int j = 0; j < i; j++) {
      if (s.stateName(j).equals(s.stateName(i))) {
        return true;
      }
    }
    return false;
  }
}
