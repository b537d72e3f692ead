package io.promsdk.core.metrics;

import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.DataPointSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.InfoSnapshot.InfoDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.Quantiles;
import io.promsdk.core.model.StateSetSnapshot.StateSetDataPoint;
import io.promsdk.core.model.SummarySnapshot.SummaryDataPoint;
import io.promsdk.core.model.UnknownSnapshot.UnknownDataPoint;
import java.util.Objects;

/**
 * One series (or group of series: a histogram's buckets, a summary's quantiles, a state set's
 * states) as a mutable, reused view: what a {@link DataPointSnapshot} holds, without an object
 * per series. A writer keeps one per scrape and lets every data point pass through it.
 *
 * <pre>{@code
 * Series s = new Series();
 * counter.visitSeries(s, series -> out.println(series.labelValue(0) + " " + series.value()));
 * for (DataPointSnapshot d : snapshot.dataPoints()) {
 *   write(s.load(d)); // the same view of a snapshot's data point
 * }
 * }</pre>
 *
 * <p>Only the fields of the data point's type are meaningful; the arrays behind the accessors are
 * scratch space, overwritten by the next series. Labels are read pair by pair
 * ({@link #labelName(int)}, {@link #labelValue(int)}) so that streaming a metric's series creates no
 * {@link Labels}; {@link #labels()} makes one when asked. Not thread-safe.
 */
public final class Series {
  // A snapshot's labels; or, while child is set, a metric's label names and constant values
  // (placeholders after them) whose values from constantLabels on are the child's.
  private Labels labels = Labels.EMPTY;
  private LabelledChild child;
  private int constantLabels;
  private long createdMillis;
  private long scrapeMillis;
  private double value;
  private long count;
  private double sum;
  private int size; // buckets, quantiles or states, by type
  private double[] bounds = new double[0];
  private long[] counts = new long[0];
  private double[] quantiles = new double[0];
  private double[] quantileValues = new double[0];
  private String[] states = new String[0];
  private boolean[] enabled = new boolean[0];
  // Copies of a snapshot's bounds, quantiles and state names: the arrays above may be a metric's own.
  private double[] loadedBounds = new double[0];
  private double[] loadedQuantiles = new double[0];
  private String[] loadedStates = new String[0];

  /**
   * Labels, constant labels first. For a metric's own series this creates a {@link Labels}; writers
   * use {@link #labelCount()}, {@link #labelName(int)} and {@link #labelValue(int)}, which do not.
   */
  public Labels labels() {
    if (child != null) {
      String[] values = new String[labels.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = labelValue(i);
      }
      labels = labels.withValues(values);
      child = null;
    }
    return labels;
  }

  public int labelCount() {
    return labels.size();
  }

  public String labelName(int i) {
    return labels.name(i);
  }

  public String labelValue(int i) {
    // A child answers any index past its values with null or a NullPointerException; refuse them
    // as Labels would, so a caller's off-by-one is an index error, not a null label value.
    Objects.checkIndex(i, labels.size());
    LabelledChild c = child;
    return c == null || i < constantLabels ? labels.value(i) : c.value(i - constantLabels);
  }

  /** When this series started counting; 0 when unknown or disabled. */
  public long createdTimestampMillis() {
    return createdMillis;
  }

  public boolean hasCreatedTimestamp() {
    return createdMillis != 0;
  }

  /** An explicit sample timestamp; 0 (always, for promsdk's own metrics) for none. */
  public long scrapeTimestampMillis() {
    return scrapeMillis;
  }

  public boolean hasScrapeTimestamp() {
    return scrapeMillis != 0;
  }

  /** The value of a counter, gauge or unknown series; 1 for info. */
  public double value() {
    return value;
  }

  /** The count of a histogram (its {@code +Inf} bucket) or summary. */
  public long count() {
    return count;
  }

  /** The sum of a histogram or summary. */
  public double sum() {
    return sum;
  }

  /** The number of buckets, quantiles or states, whichever the type has. */
  public int size() {
    return size;
  }

  public double upperBound(int i) {
    return bounds[i];
  }

  public long cumulativeCount(int i) {
    return counts[i];
  }

  public double quantile(int i) {
    return quantiles[i];
  }

  public double quantileValue(int i) {
    return quantileValues[i];
  }

  public String stateName(int i) {
    return states[i];
  }

  public boolean isStateEnabled(int i) {
    return enabled[i];
  }

  /** Shows a snapshot's data point (of any type) through this view; returns this. */
  public Series load(DataPointSnapshot d) {
    start(d.labels(), d.createdTimestampMillis(), d.scrapeTimestampMillis());
    if (d instanceof CounterDataPoint c) {
      value = c.value();
    } else if (d instanceof GaugeDataPoint g) {
      value = g.value();
    } else if (d instanceof UnknownDataPoint u) {
      value = u.value();
    } else if (d instanceof InfoDataPoint) {
      value = 1;
    } else if (d instanceof HistogramDataPoint h) {
      int n = h.buckets().size();
      long[] c = counts(n);
      double[] b = loadedBounds.length >= n ? loadedBounds : new double[n];
      loadedBounds = b;
      for (int i = 0; i < n; i++) {
        b[i] = h.buckets().upperBound(i);
        c[i] = h.buckets().cumulativeCount(i);
      }
      histogram(b, n, h.count(), h.sum());
    } else if (d instanceof SummaryDataPoint s) {
      Quantiles q = s.quantiles();
      double[] v = quantileValues(q.size());
      double[] r = loadedQuantiles.length >= q.size() ? loadedQuantiles : new double[q.size()];
      loadedQuantiles = r;
      for (int i = 0; i < q.size(); i++) {
        r[i] = q.quantile(i);
        v[i] = q.value(i);
      }
      summary(s.count(), s.sum(), r, q.size());
    } else if (d instanceof StateSetDataPoint s) {
      boolean[] e = enabled(s.size());
      String[] names = loadedStates.length >= s.size() ? loadedStates : new String[s.size()];
      loadedStates = names;
      for (int i = 0; i < s.size(); i++) {
        names[i] = s.name(i);
        e[i] = s.isEnabled(i);
      }
      stateSet(names, s.size());
    }
    return this;
  }

  // ---------------------------------------------------------------- for the metrics' readers

  /** Starts a new series: labels and timestamps set, everything else as it was. */
  Series start(Labels labels, long createdMillis, long scrapeMillis) {
    return start(labels, 0, null, createdMillis, scrapeMillis);
  }

  /**
   * Starts a new series whose labels are the first {@code constantLabels} of {@code template}
   * followed by {@code child}'s values under the rest of the template's names (null child: the
   * template as it is).
   */
  Series start(Labels template, int constantLabels, LabelledChild child, long createdMillis, long scrapeMillis) {
    this.labels = template;
    this.constantLabels = constantLabels;
    this.child = child;
    this.createdMillis = createdMillis;
    this.scrapeMillis = scrapeMillis;
    return this;
  }

  Series value(double value) {
    this.value = value;
    return this;
  }

  /** Scratch space for at least {@code n} cumulative bucket counts, to fill before {@link #histogram}. */
  long[] counts(int n) {
    if (counts.length < n) {
      counts = new long[Math.max(n, 2 * counts.length)];
    }
    return counts;
  }

  /**
   * A histogram: the first {@code n} of {@code bounds} (kept, not copied; +Inf last) with the
   * counts filled in {@link #counts}.
   */
  Series histogram(double[] bounds, int n, long count, double sum) {
    this.bounds = bounds;
    this.size = n;
    this.count = count;
    this.sum = sum;
    return this;
  }

  /** Scratch space for at least {@code n} quantile values, to fill before {@link #summary}. */
  double[] quantileValues(int n) {
    if (quantileValues.length < n) {
      quantileValues = new double[Math.max(n, 2 * quantileValues.length)];
    }
    return quantileValues;
  }

  /** A summary: the first {@code n} of {@code quantiles} (kept, not copied) with the values filled in. */
  Series summary(long count, double sum, double[] quantiles, int n) {
    this.count = count;
    this.sum = sum;
    this.quantiles = quantiles;
    this.size = n;
    return this;
  }

  /** Scratch space for at least {@code n} state flags, to fill before {@link #stateSet}. */
  boolean[] enabled(int n) {
    if (enabled.length < n) {
      enabled = new boolean[Math.max(n, 2 * enabled.length)];
    }
    return enabled;
  }

  /** A state set: the first {@code n} of {@code names} (kept, not copied) with the flags filled in. */
  Series stateSet(String[] names, int n) {
    this.states = names;
    this.size = n;
    return this;
  }

  @Override
  public String toString() {
    return "Series" + labels() + " value=" + value + " count=" + count + " sum=" + sum + " size=" + size;
  }
}
