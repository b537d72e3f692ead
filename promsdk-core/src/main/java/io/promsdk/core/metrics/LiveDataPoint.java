package io.promsdk.core.metrics;

import io.promsdk.core.model.CounterDataPointView;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.GaugeDataPointView;
import io.promsdk.core.model.HistogramDataPointView;
import io.promsdk.core.model.InfoDataPointView;
import io.promsdk.core.model.LabelRenderer;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.StateSetDataPointView;
import io.promsdk.core.model.SummaryDataPointView;
import io.promsdk.core.model.UnknownDataPointView;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The reusable cursor over a metric's live series: each series (or group of series: a
 * histogram's buckets, a summary's quantiles, a state set's states) is read into it in turn and
 * handed to a {@link DataPointVisitor} as the read-only view of the metric's type, so that a
 * format reads live series exactly as it reads a snapshot's data points, without an object per
 * series. Only the fields of the metric's type are meaningful; the arrays behind the accessors are
 * scratch space, overwritten by the next series.
 *
 * <p>Labels are read pair by pair so that a visit creates no {@link Labels}; {@link #labels()}
 * makes one when asked. Not thread-safe: one visit of one metric owns a cursor between {@link
 * #acquire} and {@link #release}; the pool lets steady-state scrapes allocate none.
 *
 * <p>The pool's invariants: a slot holds null or a cursor no visit owns (taken with getAndSet,
 * so two visits never get the same one; returned with a CAS into an empty slot, or dropped when
 * all are full); a pooled cursor references no metric, child or label set (release clears them),
 * only its own scratch arrays.
 */
final class LiveDataPoint implements CounterDataPointView, GaugeDataPointView, UnknownDataPointView,
    InfoDataPointView, HistogramDataPointView, SummaryDataPointView, StateSetDataPointView {
  private static final AtomicReferenceArray<LiveDataPoint> POOL = new AtomicReferenceArray<>(8);
  private static final double[] NO_DOUBLES = new double[0];
  private static final String[] NO_STRINGS = new String[0];

  private MetricType type;
  // A snapshot's labels; or, while child is set, a metric's label names and constant values
  // (placeholders after them) whose values from constantLabels on are the child's.
  private Labels labels = Labels.EMPTY;
  private LabelledChild child;
  private int constantLabels;
  private long createdMillis;
  private double value;
  private long count;
  private double sum;
  private int size; // buckets, quantiles or states, by type
  private double[] bounds = NO_DOUBLES; // the metric's own, not copied
  private long[] counts = new long[0];
  private double[] quantiles = NO_DOUBLES; // the metric's own
  private double[] quantileValues = NO_DOUBLES;
  private String[] states = NO_STRINGS; // the metric's own
  private boolean[] enabled = new boolean[0];
  private ExemplarSlots exemplars; // the series' own, not copied; null when none
  // A native histogram's merge, kept with the cursor (and the pool) so that scrapes reuse it.
  private NativeReading nativeReading;
  private boolean hasNativeBuckets;
  // The kept label renderings this visit offers (see ChildTable.forEach and KeptLabels): the
  // table and generation of the children visited, the current child's index, the renderings
  // found for them (null until asked) and whether this cursor holds the right to append.
  private ChildTable<?> keptTable;
  private int keptGeneration;
  private int keptIndex;
  private KeptLabels kept;
  private boolean appender;

  LiveDataPoint(MetricType type) {
    this.type = type;
  }

  /** A cursor for the series of a metric of {@code type}, from the pool when one is free. */
  static LiveDataPoint acquire(MetricType type) {
    for (int i = 0; i < POOL.length(); i++) {
      LiveDataPoint p = POOL.getAndSet(i, null);
      if (p != null) {
        p.type = type;
        return p;
      }
    }
    return new LiveDataPoint(type);
  }

  /** Forgets the metric read last (so the pool keeps none alive) and returns this to the pool. */
  void release() {
    endKeeping();
    labels = Labels.EMPTY;
    child = null;
    exemplars = null;
    hasNativeBuckets = false;
    bounds = NO_DOUBLES;
    quantiles = NO_DOUBLES;
    states = NO_STRINGS;
    for (int i = 0; i < POOL.length(); i++) {
      if (POOL.compareAndSet(i, null, this)) {
        return;
      }
    }
  }

  /** Hands this series to the method of {@code visitor} for its type. */
  void passTo(DataPointVisitor visitor) throws IOException {
    switch (type) {
      case COUNTER -> visitor.counter(this);
      case GAUGE -> visitor.gauge(this);
      case HISTOGRAM, GAUGE_HISTOGRAM -> visitor.histogram(this);
      case SUMMARY -> visitor.summary(this);
      case INFO -> visitor.info(this);
      case STATESET -> visitor.stateSet(this);
      case UNKNOWN -> visitor.unknown(this);
    }
  }

  // ---------------------------------------------------------------- kept label renderings

  /**
   * Offers the label renderings kept for generation {@code generation} of {@code table}'s children
   * to the visit that follows (null: none, the children moved while the visit started).
   */
  void keepLabelsOf(ChildTable<?> table, int generation) {
    keptTable = table;
    keptGeneration = generation;
    kept = null;
    appender = false;
  }

  /** The index of the child just read among the ordered children of the table. */
  void keptIndex(int i) {
    keptIndex = i;
  }

  /** Ends the visit's use of the kept renderings: gives back the right to append, if held. */
  void endKeeping() {
    if (appender) {
      kept.endAppending();
    }
    keptTable = null;
    kept = null;
    appender = false;
  }

  /**
   * From the renderings kept for the metric's children: copies this child's, rendering and keeping
   * it first if it is the next to keep and this visit may append; -1 if none is kept for it.
   */
  @Override
  public int copyKeptLabels(LabelRenderer renderer, byte[] into, int offset, int limit) {
    ChildTable<?> table = keptTable;
    if (table == null) {
      return -1;
    }
    KeptLabels k = kept;
    if (k == null || k.renderer != renderer) {
      if (appender) { // another renderer than the one this visit appends for: keep to that one
        return -1;
      }
      k = table.keptLabels(keptGeneration, renderer);
      if (k == null) {
        return -1;
      }
      kept = k;
    }
    int i = keptIndex;
    int n = k.count();
    if (i >= n) {
      if (i > n || !(appender || (appender = k.tryAppend()))) {
        return -1; // a child before this one was not rendered, or another scrape is appending
      }
      KeptLabels grown = k.append(this);
      if (grown != k) {
        table.keptLabelsGrew(k, grown);
        kept = k = grown;
      }
    }
    return k.copy(i, into, offset, limit);
  }

  // ---------------------------------------------------------------- the views

  /**
   * Labels, constant labels first. For a metric's own series this creates a {@link Labels};
   * writers use {@link #labelCount()}, {@link #labelName(int)} and {@link #labelValue(int)},
   * which do not.
   */
  @Override
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

  @Override
  public int labelCount() {
    return labels.size();
  }

  @Override
  public String labelName(int i) {
    return labels.name(i);
  }

  @Override
  public String labelValue(int i) {
    // A child answers any index past its values with null or a NullPointerException; refuse them
    // as Labels would, so a caller's off-by-one is an index error, not a null label value.
    Objects.checkIndex(i, labels.size());
    LabelledChild c = child;
    return c == null || i < constantLabels ? labels.value(i) : c.value(i - constantLabels);
  }

  @Override
  public long createdTimestampMillis() {
    return createdMillis;
  }

  /** Always 0: promsdk's metrics leave the sample time to the scraper. */
  @Override
  public long scrapeTimestampMillis() {
    return 0;
  }

  @Override
  public double value() {
    return value;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public double sum() {
    return sum;
  }

  @Override
  public int bucketCount() {
    return size;
  }

  @Override
  public double upperBound(int i) {
    return bounds[i];
  }

  @Override
  public long cumulativeCount(int i) {
    return counts[i];
  }

  @Override
  public boolean hasNativeBuckets() {
    return hasNativeBuckets;
  }

  @Override
  public int nativeSchema() {
    return hasNativeBuckets ? nativeReading.schema() : 0;
  }

  @Override
  public double nativeZeroThreshold() {
    return hasNativeBuckets ? nativeReading.zeroThreshold() : 0;
  }

  @Override
  public long nativeZeroCount() {
    return hasNativeBuckets ? nativeReading.zeroCount() : 0;
  }

  @Override
  public int nativePositiveBucketCount() {
    return hasNativeBuckets ? nativeReading.positive.size() : 0;
  }

  @Override
  public int nativePositiveBucketIndex(int i) {
    return nativeBuckets(true, i).index(i);
  }

  @Override
  public long nativePositiveBucketValue(int i) {
    return nativeBuckets(true, i).count(i);
  }

  @Override
  public int nativeNegativeBucketCount() {
    return hasNativeBuckets ? nativeReading.negative.size() : 0;
  }

  @Override
  public int nativeNegativeBucketIndex(int i) {
    return nativeBuckets(false, i).index(i);
  }

  @Override
  public long nativeNegativeBucketValue(int i) {
    return nativeBuckets(false, i).count(i);
  }

  /** The populated buckets of one sign, {@code i} checked against their number (the scratch is longer). */
  private NativeBucketList nativeBuckets(boolean positive, int i) {
    int n = positive ? nativePositiveBucketCount() : nativeNegativeBucketCount();
    Objects.checkIndex(i, n);
    return positive ? nativeReading.positive : nativeReading.negative;
  }

  @Override
  public int quantileCount() {
    return size;
  }

  @Override
  public double quantile(int i) {
    return quantiles[i];
  }

  @Override
  public double quantileValue(int i) {
    return quantileValues[i];
  }

  @Override
  public int stateCount() {
    return size;
  }

  @Override
  public String stateName(int i) {
    return states[i];
  }

  @Override
  public boolean isStateEnabled(int i) {
    return enabled[i];
  }

  // ---------------------------------------------------------------- for the metrics' readers

  /** Starts a new series with these labels: timestamps set, everything else as it was. */
  LiveDataPoint start(Labels labels, long createdMillis) {
    return start(labels, 0, null, createdMillis);
  }

  /**
   * Starts a new series whose labels are the first {@code constantLabels} of {@code template}
   * followed by {@code child}'s values under the rest of the template's names (null child: the
   * template as it is).
   */
  LiveDataPoint start(Labels template, int constantLabels, LabelledChild child, long createdMillis) {
    this.labels = template;
    this.constantLabels = constantLabels;
    this.child = child;
    this.createdMillis = createdMillis;
    this.exemplars = null;
    return this;
  }

  LiveDataPoint value(double value) {
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
  LiveDataPoint histogram(double[] bounds, int n, long count, double sum) {
    this.hasNativeBuckets = false;
    this.bounds = bounds;
    this.size = n;
    this.count = count;
    this.sum = sum;
    return this;
  }

  /** Scratch space for a native histogram's reading, to fill before {@link #withNativeBuckets}. */
  NativeReading nativeReading() {
    if (nativeReading == null) {
      nativeReading = new NativeReading();
    }
    return nativeReading;
  }

  /** After {@link #histogram}: the series also has the native buckets filled in {@link #nativeReading}. */
  LiveDataPoint withNativeBuckets() {
    this.hasNativeBuckets = true;
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
  LiveDataPoint summary(long count, double sum, double[] quantiles, int n) {
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
  LiveDataPoint stateSet(String[] names, int n) {
    this.states = names;
    this.size = n;
    return this;
  }

  // ---------------------------------------------------------------- exemplars

  /** The series' exemplars (one for a counter, one per classic bucket for a histogram); null: none. */
  LiveDataPoint exemplars(ExemplarSlots slots) {
    this.exemplars = slots;
    return this;
  }

  @Override
  public Exemplar exemplar() {
    ExemplarSlots e = exemplars;
    return e == null ? null : e.get(0);
  }

  @Override
  public Exemplar bucketExemplar(int i) {
    Objects.checkIndex(i, size);
    ExemplarSlots e = exemplars;
    return e == null ? null : e.get(i);
  }

  /**
   * The native histogram's exemplars are the classic buckets' (a native-only histogram has one,
   * {@code +Inf}), as client_java keeps them when a histogram has classic buckets: the kept
   * exemplars, in bucket order.
   */
  @Override
  public int nativeExemplarCount() {
    ExemplarSlots e = exemplars;
    if (e == null || !hasNativeBuckets()) {
      return 0;
    }
    int n = 0;
    for (int i = 0; i < e.size(); i++) {
      n += e.get(i) == null ? 0 : 1;
    }
    return n;
  }

  @Override
  public Exemplar nativeExemplar(int i) {
    ExemplarSlots e = exemplars;
    for (int slot = 0, seen = 0; e != null && hasNativeBuckets() && slot < e.size(); slot++) {
      Exemplar x = e.get(slot);
      if (x != null && seen++ == i) {
        return x;
      }
    }
    throw new IndexOutOfBoundsException(i);
  }

  @Override
  public String toString() {
    return type + " " + labels() + " value=" + value + " count=" + count + " sum=" + sum + " size=" + size;
  }
}
