package io.promsdk.core.metrics;

import io.promsdk.core.config.HistogramKind;
import io.promsdk.core.config.PromsdkConfig;

import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Counts observations (request durations, response sizes) in buckets, exposed as cumulative
 * {@code _bucket{le=".."}}, {@code _count} and {@code _sum} series that servers aggregate with
 * {@code histogram_quantile()}, and, by default also, as a Prometheus native histogram:
 * exponential buckets with a bounded relative error and no bounds to choose, written in the
 * protobuf format (see the core README on when to pick native, classic or both).
 *
 * <pre>{@code
 * Histogram histogram = Histogram.builder()
 *     .name("task_time_histogram").help("analyze the time of task with histogram")
 *     .buckets(1, 2, 3, 4, 5)   // +Inf is implied
 *     .register(registry);
 * histogram.observe(3);
 * try (Timer t = histogram.startTimer()) { task(); }
 *
 * Histogram latency = Histogram.builder()
 *     .name("rpc_duration_seconds").help("RPC latency.")
 *     .nativeOnly()               // classicOnly(), or by default both
 *     .nativeInitialSchema(5)     // buckets 2.2% apart, coarsened past 160 buckets
 *     .register(registry);
 * }</pre>
 *
 * <p>Observations are lock-free and allocation-free (a native series allocates only when its
 * values leave the range its buckets covered so far). A scrape racing with writers always sees
 * {@code _count} equal to the {@code +Inf} bucket, to the native buckets' total with the zero
 * bucket, and a {@code _sum} of the same observations.
 *
 * <p>Exemplars: each classic bucket of each series keeps its latest exemplar, written in
 * OpenMetrics and protobuf after that {@code _bucket} sample; they are also the native
 * histogram's exemplars (a native-only histogram has one classic bucket, {@code +Inf}, so it
 * keeps one exemplar per series). {@link #observeWithExemplar} (and
 * {@link Timer#observeDurationWithExemplar}) set one; with a {@link
 * io.promsdk.core.exemplars.SpanContextSupplier} (promsdk-tracer-otel) every {@code observe}
 * inside a sampled span takes one by itself, at most one per bucket per sample interval (see
 * {@link ExemplarSlots}). {@link Builder#withoutExemplars()} turns both off.
 */
public final class Histogram extends LabelledMetric<Histogram.Child> implements DurationObserver {
  // Private, as any array can be changed by whoever holds it: users get copies (defaultBuckets()).
  private static final double[] DEFAULT_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};

  // Finite upper bounds only; +Inf is the implicit last bucket.
  private final double[] bounds;
  private final double[] boundsWithInf;
  // Null for a classic-only histogram.
  private final NativeSettings nativeSettings;
  /** Null when this histogram keeps no exemplars. */
  private final ExemplarSampler exemplarSampler;

  private Histogram(Builder builder) {
    super(builder);
    this.nativeSettings = builder.nativeSettings();
    this.bounds = builder.finiteBounds();
    this.boundsWithInf = Arrays.copyOf(bounds, bounds.length + 1);
    boundsWithInf[bounds.length] = Double.POSITIVE_INFINITY;
    this.exemplarSampler = builder.exemplars.build();
    initNoLabelsChild();
  }

  /**
   * A builder whose defaults follow the runtime configuration ({@code promsdk.histogram.kind},
   * {@code promsdk.histogram.buckets}; see {@link PromsdkConfig}); what the code sets wins.
   */
  public static Builder builder() {
    return new Builder(PromsdkConfig.get());
  }

  /** A builder whose defaults follow {@code config} rather than the JVM's configuration. */
  public static Builder builder(PromsdkConfig config) {
    return new Builder(config);
  }

  /**
   * A copy of the default upper bounds, as in client_golang and client_java: for latencies in
   * seconds, {@code .005} to {@code 10} ({@code +Inf} implied).
   *
   * <pre>{@code
   * double[] bounds = Histogram.defaultBuckets(); // yours to change
   * }</pre>
   */
  public static double[] defaultBuckets() {
    return DEFAULT_BUCKETS.clone();
  }

  /** {@code count} upper bounds {@code start, start+width, ...}. */
  public static double[] linearBuckets(double start, double width, int count) {
    if (count < 1 || !(width > 0)) {
      throw new IllegalArgumentException(
          "linearBuckets needs count >= 1 and width > 0, got count=" + count + ", width=" + width);
    }
    double[] result = new double[count];
    for (int i = 0; i < count; i++) {
      result[i] = start + i * width;
    }
    return result;
  }

  /** {@code count} upper bounds {@code start, start*factor, start*factor^2, ...}. */
  public static double[] exponentialBuckets(double start, double factor, int count) {
    if (count < 1 || !(start > 0) || !(factor > 1)) {
      throw new IllegalArgumentException("exponentialBuckets needs count >= 1, start > 0 and factor > 1,"
          + " got start=" + start + ", factor=" + factor + ", count=" + count);
    }
    double[] result = new double[count];
    double bound = start;
    for (int i = 0; i < count; i++) {
      result[i] = bound;
      bound *= factor;
    }
    return result;
  }

  /** Records a value; NaN is ignored. Only for histograms without labels. */
  public void observe(double value) {
    noLabels().observe(value);
  }

  @Override
  public void observeDuration(double seconds) {
    noLabels().observe(seconds);
  }

  /**
   * Records a value and keeps it as the exemplar of its bucket, with {@code exemplarLabels}
   * (typically {@code trace_id} and {@code span_id}) and the current time. Only for histograms
   * without labels; NaN is ignored.
   *
   * <pre>{@code
   * histogram.observeWithExemplar(0.27, Labels.of("trace_id", traceId, "span_id", spanId));
   * }</pre>
   *
   * @throws IllegalArgumentException if the labels have more than 128 UTF-8 code points in total
   *     (OpenMetrics' limit)
   */
  public void observeWithExemplar(double value, Labels exemplarLabels) {
    noLabels().observeWithExemplar(value, exemplarLabels);
  }

  @Override
  public void observeDurationWithExemplar(double seconds, Labels exemplarLabels) {
    noLabels().observeWithExemplar(seconds, exemplarLabels);
  }

  @Override
  Child newChild(String[] labelValues, int labelHash) {
    return new Child(this, labelValues, labelHash);
  }

  @Override
  void read(Child child, LiveDataPoint into) {
    int n = boundsWithInf.length;
    long[] counts = into.counts(n);
    if (child.nativeCounts != null) {
      readNative(child, into, counts);
      return;
    }
    double sum = child.counts.read(counts);
    for (int i = 1; i < n; i++) {
      counts[i] += counts[i - 1];
    }
    startSeries(into, child, child.createdMillis)
        .histogram(boundsWithInf, n, counts[n - 1], sum)
        .exemplars(child.exemplars);
  }

  private void readNative(Child child, LiveDataPoint into, long[] counts) {
    NativeReading reading = into.nativeReading();
    child.nativeCounts.read(reading);
    int n = boundsWithInf.length;
    long cumulative = 0;
    for (int i = 0; i < n; i++) {
      cumulative += reading.classicCount(i);
      counts[i] = cumulative;
    }
    startSeries(into, child, reading.createdMillis())
        .histogram(boundsWithInf, n, reading.count(), reading.sum())
        .withNativeBuckets()
        .exemplars(child.exemplars);
  }

  /** The current series, copied from the same view the formats read. */
  @Override
  public HistogramSnapshot snapshot() {
    return (HistogramSnapshot) MetricSnapshot.copyOf(this);
  }

  @Override
  public MetricType type() {
    return MetricType.HISTOGRAM;
  }

  int bucketIndex(double value) {
    double[] b = bounds;
    if (b.length <= 16) {
      for (int i = 0; i < b.length; i++) {
        if (value <= b[i]) {
          return i;
        }
      }
      return b.length; // +Inf, and NaN
    }
    int lo = 0;
    int hi = b.length;
    while (lo < hi) { // first bound >= value
      int mid = (lo + hi) >>> 1;
      if (b[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return value != value ? b.length : lo;
  }

  /** One labelled histogram. Cache it to skip the label lookup. */
  public static final class Child extends LabelledChild implements DurationObserver {
    private final Histogram owner;
    final long createdMillis = System.currentTimeMillis();
    // Exactly one of the two: classic only, or native (with or without classic buckets).
    final HotColdCounts counts;
    final NativeHistogramCounts nativeCounts;
    /** The exemplars of this series' classic buckets; null until its first (see ExemplarSampler). */
    volatile ExemplarSlots exemplars;
    private static final VarHandle EXEMPLARS;

    static {
      try {
        EXEMPLARS = MethodHandles.lookup().findVarHandle(Child.class, "exemplars", ExemplarSlots.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    Child(Histogram owner, String[] labelValues, int labelHash) {
      super(labelValues, labelHash);
      this.owner = owner;
      int buckets = owner.boundsWithInf.length;
      this.nativeCounts = owner.nativeSettings == null ? null : new NativeHistogramCounts(buckets, owner.nativeSettings);
      this.counts = nativeCounts == null ? new HotColdCounts(buckets) : null;
    }

    /**
     * Records a value; NaN is ignored (it would make the sum NaN forever), as in client_java.
     * {@code +Inf} and {@code -Inf} count, and make the sum infinite; their native bucket is the one
     * past the largest double's, as in client_java and client_golang.
     */
    public void observe(double value) {
      if (value != value) {
        return;
      }
      int bucket = count(value);
      sampleExemplar(bucket, value);
      if (!isLive()) { // only with expireAfterIdle
        notLiveAfterObserve(value);
      }
    }

    @Override
    LabelledMetric<?> metric() {
      return owner;
    }

    /** As {@link Histogram#observeWithExemplar}, for this series. */
    public void observeWithExemplar(double value, Labels exemplarLabels) {
      Exemplar e = ExemplarSampler.manual(owner, exemplarLabels, value);
      if (value != value) {
        return;
      }
      int bucket = count(value);
      ExemplarSampler sampler = owner.exemplarSampler;
      if (sampler != null) {
        sampler.slots(EXEMPLARS, this, owner.boundsWithInf.length).store(bucket, e);
      }
      if (!isLive()) {
        Child live = afterIdle();
        if (live != null) {
          live.observeWithExemplar(value, exemplarLabels);
        }
      }
    }

    /** Adds a value that is not NaN to the buckets, count and sum; returns its classic bucket. */
    private int count(double value) {
      int bucket = owner.bucketIndex(value);
      if (nativeCounts != null) {
        nativeCounts.observe(bucket, value);
      } else {
        counts.observe(bucket, value);
      }
      return bucket;
    }

    /** Offers an observation for an automatic exemplar: the hot path's only exemplar work. */
    private void sampleExemplar(int bucket, double value) {
      ExemplarSlots e = exemplars;
      if (e != null) {
        e.sample(bucket, value);
      } else if (owner.exemplarSampler != null) {
        sampleFirstExemplar(owner.exemplarSampler, bucket, value);
      }
    }

    private void sampleFirstExemplar(ExemplarSampler sampler, int bucket, double value) {
      Exemplar first = sampler.firstAutomatic(value);
      if (first != null) {
        sampler.slots(EXEMPLARS, this, owner.boundsWithInf.length).offer(bucket, first);
      }
    }

    @Override
    public void observeDuration(double seconds) {
      observe(seconds);
    }

    @Override
    public void observeDurationWithExemplar(double seconds, Labels exemplarLabels) {
      observeWithExemplar(seconds, exemplarLabels);
    }
  }

  /**
   * Builds a {@link Histogram}: by default with both classic buckets (the 11 default upper bounds)
   * and native buckets (schema 5, at most 160 buckets), as client_java does.
   *
   * <pre>{@code
   * Histogram h = Histogram.builder().name("rpc_duration_seconds").help("RPC latency.")
   *     .nativeOnly()                      // or classicOnly(); default: both
   *     .nativeInitialSchema(5)            // -4..8: each step up doubles the resolution
   *     .nativeMaxNumberOfBuckets(160)     // past it, pairs of buckets are merged
   *     .nativeMaxZeroThreshold(1e-6)      // ... after widening the zero bucket up to this
   *     .nativeResetDuration(Duration.ofHours(24)) // back to full resolution once a day
   *     .register(registry);
   * }</pre>
   */
  public static final class Builder extends ExemplarBuilder<Builder, Histogram> {
    /** client_java's defaults. */
    static final int DEFAULT_NATIVE_INITIAL_SCHEMA = 5;
    static final int DEFAULT_NATIVE_MAX_NUMBER_OF_BUCKETS = 160;
    static final double DEFAULT_NATIVE_ZERO_THRESHOLD = Math.scalb(1.0, -128);

    private double[] buckets = DEFAULT_BUCKETS;
    private boolean bucketsSet;
    private boolean nativeOnly;
    private boolean classicOnly;
    private boolean nativeOptionSet;
    private int nativeInitialSchema = DEFAULT_NATIVE_INITIAL_SCHEMA;
    private int nativeMaxNumberOfBuckets = DEFAULT_NATIVE_MAX_NUMBER_OF_BUCKETS;
    private double nativeMinZeroThreshold = DEFAULT_NATIVE_ZERO_THRESHOLD;
    private Double nativeMaxZeroThreshold;
    private Duration nativeResetDuration = Duration.ZERO;
    private LongSupplier clockMillis = System::currentTimeMillis;
    // The configured default kind: applies only when the code picks none (see effectiveKind()).
    private final HistogramKind configuredKind;

    private Builder(PromsdkConfig config) {
      this.configuredKind = config.histogramKind().orElse(HistogramKind.CLASSIC_AND_NATIVE);
      config.histogramBuckets().ifPresent(b -> this.buckets = b);
    }

    /**
     * Applies the configured kind where the code chose none: classic only unless the code set a
     * native option, native only unless the code set buckets.
     */
    private void applyConfiguredKind() {
      if (nativeOnly || classicOnly) {
        return;
      }
      if (configuredKind == HistogramKind.CLASSIC && !nativeOptionSet) {
        classicOnly = true;
      } else if (configuredKind == HistogramKind.NATIVE && !bucketsSet) {
        nativeOnly = true;
      }
    }

    /** Bucket upper bounds, strictly ascending; {@code +Inf} is added unless already last. */
    public Builder buckets(double... upperBounds) {
      this.buckets = upperBounds.clone();
      this.bucketsSet = true;
      return this;
    }

    /**
     * Native buckets only: the classic representation keeps just {@code +Inf}, so text formats
     * show {@code _bucket{le="+Inf"}}, {@code _count} and {@code _sum}, as client_java does.
     */
    public Builder nativeOnly() {
      this.nativeOnly = true;
      return this;
    }

    /** Classic buckets only: no native buckets, the cheapest histogram (and the only kind before). */
    public Builder classicOnly() {
      this.classicOnly = true;
      return this;
    }

    /**
     * The resolution native buckets start at, -4..8 (default 5): at schema {@code s} neighbouring
     * bucket bounds differ by the factor {@code 2^(2^-s)}, 2.2% at 5, 4.4% at 4, 9% at 3.
     */
    public Builder nativeInitialSchema(int schema) {
      this.nativeInitialSchema = schema;
      this.nativeOptionSet = true;
      return this;
    }

    /**
     * The most native buckets a series exposes (default 160, at least 1). Past it, the zero bucket
     * is first widened (up to {@link #nativeMaxZeroThreshold}) and then the resolution halved by
     * merging pairs of buckets, as often as needed. promsdk also keeps the populated range of
     * each sign within this many bucket widths, so observations spread over many orders of
     * magnitude lower the resolution sooner than in client_java.
     */
    public Builder nativeMaxNumberOfBuckets(int max) {
      this.nativeMaxNumberOfBuckets = max;
      this.nativeOptionSet = true;
      return this;
    }

    /** The zero bucket's initial width: observations with {@code |v| <= threshold} count there (default 2^-128). */
    public Builder nativeMinZeroThreshold(double threshold) {
      this.nativeMinZeroThreshold = threshold;
      this.nativeOptionSet = true;
      return this;
    }

    /**
     * How far the zero bucket may widen to stay within the bucket limit (default: the larger of
     * {@link #nativeMinZeroThreshold} and 2^-128, as client_java; with the default minimum that is
     * the minimum, i.e. never).
     */
    public Builder nativeMaxZeroThreshold(double threshold) {
      this.nativeMaxZeroThreshold = threshold;
      this.nativeOptionSet = true;
      return this;
    }

    /**
     * How long a series may run at a reduced resolution (a lower schema or a widened zero bucket):
     * the first scrape after that resets it, all its counts included, to start again at the initial
     * resolution, with a new created timestamp. Default {@link Duration#ZERO}: never, as client_java.
     */
    public Builder nativeResetDuration(Duration duration) {
      this.nativeResetDuration = duration;
      this.nativeOptionSet = true;
      return this;
    }

    /** For tests: the clock that times resets and created timestamps of native series. */
    Builder nativeClock(LongSupplier clockMillis) {
      this.clockMillis = clockMillis;
      return this;
    }

    public Builder linearBuckets(double start, double width, int count) {
      return buckets(Histogram.linearBuckets(start, width, count));
    }

    public Builder exponentialBuckets(double start, double factor, int count) {
      return buckets(Histogram.exponentialBuckets(start, factor, count));
    }

    @Override
    public Histogram build() {
      return new Histogram(this);
    }

    @Override
    String typeName() {
      return "histogram";
    }

    @Override
    String[] reservedLabelNames() {
      return new String[] {"le"};
    }

    /** The native options checked, or null for a classic-only histogram. */
    NativeSettings nativeSettings() {
      applyConfiguredKind();
      if (nativeOnly && classicOnly) {
        throw invalid("nativeOnly() and classicOnly() exclude each other");
      }
      if (classicOnly) {
        if (nativeOptionSet) {
          throw invalid("native* options have no effect with classicOnly()");
        }
        return null;
      }
      if (nativeOnly && bucketsSet) {
        throw invalid("buckets(...) have no effect with nativeOnly(), which keeps only +Inf");
      }
      if (nativeInitialSchema < NativeBucketMath.MIN_SCHEMA || nativeInitialSchema > NativeBucketMath.MAX_SCHEMA) {
        throw invalid("nativeInitialSchema must be in -4..8, got " + nativeInitialSchema);
      }
      if (nativeMaxNumberOfBuckets < 1) {
        throw invalid("nativeMaxNumberOfBuckets must be at least 1, got " + nativeMaxNumberOfBuckets);
      }
      if (!(nativeMinZeroThreshold >= 0) || Double.isInfinite(nativeMinZeroThreshold)) {
        throw invalid("nativeMinZeroThreshold must be finite and >= 0, got " + nativeMinZeroThreshold);
      }
      double max = nativeMaxZeroThreshold == null
          ? Math.max(nativeMinZeroThreshold, DEFAULT_NATIVE_ZERO_THRESHOLD) : nativeMaxZeroThreshold;
      if (!(max >= nativeMinZeroThreshold) || Double.isInfinite(max)) {
        throw invalid("nativeMaxZeroThreshold must be finite and >= nativeMinZeroThreshold ("
            + nativeMinZeroThreshold + "), got " + max);
      }
      if (nativeResetDuration == null || nativeResetDuration.isNegative()) {
        throw invalid("nativeResetDuration must be >= 0 (0: never), got " + nativeResetDuration);
      }
      return new NativeSettings(nativeInitialSchema, nativeMaxNumberOfBuckets, nativeMinZeroThreshold,
          max, nativeResetDuration.toMillis(), clockMillis);
    }

    private IllegalArgumentException invalid(String rule) {
      return new IllegalArgumentException("histogram '" + name + "': " + rule);
    }

    double[] finiteBounds() {
      applyConfiguredKind();
      if (nativeOnly) {
        return new double[0];
      }
      double[] b = buckets;
      int n = b.length;
      if (n > 0 && b[n - 1] == Double.POSITIVE_INFINITY) {
        n--;
      }
      for (int i = 0; i < n; i++) {
        if (Double.isNaN(b[i]) || b[i] == Double.POSITIVE_INFINITY) {
          throw new IllegalArgumentException("histogram '" + name + "': bucket bound " + b[i]
              + " is not allowed (NaN never, +Inf only as the last bound)");
        }
        if (i > 0 && b[i] <= b[i - 1]) {
          throw new IllegalArgumentException("histogram '" + name + "': bucket bounds must be strictly"
              + " ascending without duplicates, but " + b[i] + " follows " + b[i - 1]
              + " in " + Arrays.toString(b));
        }
      }
      return Arrays.copyOf(b, n);
    }
  }
}
