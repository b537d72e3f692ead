package io.promsdk.exposition;

import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.DataPointSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.InfoSnapshot.InfoDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.Quantiles;
import io.promsdk.core.model.StateSetSnapshot;
import io.promsdk.core.model.StateSetSnapshot.StateSetDataPoint;
import io.promsdk.core.model.SummarySnapshot.SummaryDataPoint;
import io.promsdk.core.model.UnknownSnapshot.UnknownDataPoint;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the Prometheus text and OpenMetrics text formats have in common: the write loop, the
 * sample lines of buckets, quantiles and states, and the family name check. Subclasses write the
 * metadata lines and decide which samples each type has.
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
  public final void write(OutputStream out, MetricSnapshots snapshots) throws IOException {
    Objects.requireNonNull(out, "out");
    nameCheck.check(snapshots);
    TextBuffer b = TextBuffer.acquire(out);
    try {
      for (int i = 0; i < snapshots.size(); i++) {
        writeFamily(b, snapshots.get(i));
      }
      writeEnd(b);
      b.flush();
    } finally {
      b.release();
    }
  }

  /** Writes one family: its metadata lines, then all its samples. */
  abstract void writeFamily(TextBuffer b, MetricSnapshot<?> family) throws IOException;

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

  /** Ends a sample line: the data point's timestamp, if it has one, and a line feed. */
  final void end(TextBuffer b, DataPointSnapshot d) throws IOException {
    if (d.hasScrapeTimestamp()) {
      b.ascii(' ');
      timestamp(b, d.scrapeTimestampMillis());
    }
    b.ascii('\n');
  }

  /** {@code name suffix labels value [timestamp]}. */
  final void sample(TextBuffer b, String name, String suffix, DataPointSnapshot d, double value)
      throws IOException {
    b.name(name, suffix).labels(d.labels()).ascii(' ').value(value);
    end(b, d);
  }

  /** {@code name suffix labels value [timestamp]}, for counts. */
  final void sample(TextBuffer b, String name, String suffix, DataPointSnapshot d, long value)
      throws IOException {
    b.name(name, suffix).labels(d.labels()).ascii(' ').value(value);
    end(b, d);
  }

  /** {@code # KEYWORD name suffix } (the caller writes the rest of the line). */
  static TextBuffer metadata(TextBuffer b, String keyword, String name, String suffix) throws IOException {
    return b.ascii("# ").ascii(keyword).ascii(' ').name(name, suffix).ascii(' ');
  }

  /**
   * One sample per data point with its value: counters (in the text format), gauges and unknown;
   * info, valued 1.
   */
  final void values(TextBuffer b, MetricSnapshot<?> family, String suffix) throws IOException {
    List<? extends DataPointSnapshot> points = family.dataPoints();
    for (int i = 0; i < points.size(); i++) {
      DataPointSnapshot d = points.get(i);
      if (d instanceof InfoDataPoint) {
        sample(b, family.name(), suffix, d, 1L);
      } else {
        sample(b, family.name(), suffix, d, value(d));
      }
    }
  }

  /** The value of a single-valued data point. */
  static double value(DataPointSnapshot d) {
    if (d instanceof GaugeDataPoint g) {
      return g.value();
    }
    if (d instanceof CounterDataPoint c) {
      return c.value();
    }
    return ((UnknownDataPoint) d).value();
  }

  /** The cumulative {@code _bucket} samples, {@code le} last and canonical. */
  final void buckets(TextBuffer b, String name, HistogramDataPoint d) throws IOException {
    Labels labels = d.labels();
    for (int i = 0; i < d.buckets().size(); i++) {
      b.name(name, "_bucket").labels(labels, "le", d.buckets().upperBound(i)).ascii(' ')
          .value(d.buckets().cumulativeCount(i));
      end(b, d);
    }
  }

  /** One sample per quantile, {@code quantile} last and canonical; negative values skipped if asked. */
  final void quantiles(TextBuffer b, String name, SummaryDataPoint d, boolean skipNegative)
      throws IOException {
    Quantiles q = d.quantiles();
    for (int i = 0; i < q.size(); i++) {
      if (skipNegative && q.value(i) < 0) {
        continue;
      }
      b.name(name, "").labels(d.labels(), "quantile", q.quantile(i)).ascii(' ').value(q.value(i));
      end(b, d);
    }
  }

  /**
   * For every data point, one sample per state, labelled {@code <name>="<state>"}, valued 1 or 0.
   * A state named twice is written once (its first flag), as two samples with the same labels
   * would be invalid.
   */
  final void stateSets(TextBuffer b, StateSetSnapshot family) throws IOException {
    String name = family.name();
    List<StateSetDataPoint> points = family.dataPoints();
    for (int p = 0; p < points.size(); p++) {
      StateSetDataPoint d = points.get(p);
      for (int i = 0; i < d.size(); i++) {
        if (!isRepeatedState(d, i)) {
          b.name(name, "").labels(d.labels(), name, d.name(i)).ascii(' ').value(d.isEnabled(i) ? 1L : 0L);
          end(b, d);
        }
      }
    }
  }

  private static boolean isRepeatedState(StateSetDataPoint d, int i) {
    for (int j = 0; j < i; j++) {
      if (d.name(j).equals(d.name(i))) {
        return true;
      }
    }
    return false;
  }
}
