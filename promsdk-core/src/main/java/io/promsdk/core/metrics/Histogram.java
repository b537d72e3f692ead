package io.promsdk.core.metrics;

import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import java.util.Arrays;

/**
 * Counts observations (request durations, response sizes) in buckets, exposed as cumulative
 * {@code _bucket{le=".."}}, {@code _count} and {@code _sum} series that servers aggregate with
 * {@code histogram_quantile()}.
 *
 * <pre>{@code
 * Histogram histogram = Histogram.builder()
 *     .name("task_time_histogram").help("analyze the time of task with histogram")
 *     .buckets(1, 2, 3, 4, 5)   // +Inf is implied
 *     .register(registry);
 * histogram.observe(3);
 * try (Timer t = histogram.startTimer()) { task(); }
 * }</pre>
 *
 * <p>Observations are lock-free and allocation-free. A scrape racing with writers always sees
 * {@code _count} equal to the {@code +Inf} bucket and a {@code _sum} of the same observations.
 *
 * <p>Exemplars: each classic bucket of each series keeps its latest exemplar, written in
 * OpenMetrics and protobuf after that {@code _bucket} sample. {@link #observeWithExemplar} (and
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
  /** Null when this histogram keeps no exemplars. */
  private final ExemplarSampler exemplarSampler;

  private Histogram(Builder builder) {
    super(builder);
    this.bounds = builder.finiteBounds();
    this.boundsWithInf = Arrays.copyOf(bounds, bounds.length + 1);
    boundsWithInf[bounds.length] = Double.POSITIVE_INFINITY;
    this.exemplarSampler = builder.exemplars.build();
    initNoLabelsChild();
  }

  public static Builder builder() {
    return new Builder();
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
    double sum = child.counts.read(counts);
    for (int i = 1; i < n; i++) {
      counts[i] += counts[i - 1];
    }
    startSeries(into, child, child.createdMillis)
        .histogram(boundsWithInf, n, counts[n - 1], sum)
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
    final HotColdCounts counts;
    /** The exemplars of this series' classic buckets; null when the histogram keeps none. */
    final ExemplarSlots exemplars;

    Child(Histogram owner, String[] labelValues, int labelHash) {
      super(labelValues, labelHash);
      this.owner = owner;
      this.counts = new HotColdCounts(owner.boundsWithInf.length);
      ExemplarSampler sampler = owner.exemplarSampler;
      this.exemplars = sampler == null ? null : sampler.newSlots(owner.boundsWithInf.length);
    }

    /** Records a value; NaN is ignored (it would make the sum NaN forever), as in client_java. */
    public void observe(double value) {
      if (value != value) {
        return;
      }
      int bucket = owner.bucketIndex(value);
      counts.observe(bucket, value);
      sampleExemplar(bucket, value);
    }

    /** As {@link Histogram#observeWithExemplar}, for this series. */
    public void observeWithExemplar(double value, Labels exemplarLabels) {
      Exemplar e = ExemplarSampler.manual(owner, exemplarLabels, value);
      if (value != value) {
        return;
      }
      int bucket = owner.bucketIndex(value);
      counts.observe(bucket, value);
      if (exemplars != null) {
        exemplars.store(bucket, e);
      }
    }

    /** Offers an observation for an automatic exemplar: the hot path's only exemplar work. */
    private void sampleExemplar(int bucket, double value) {
      ExemplarSlots e = exemplars;
      if (e != null) {
        e.sample(bucket, value);
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

  /** Builds a {@link Histogram}. */
  public static final class Builder extends ExemplarBuilder<Builder, Histogram> {
    private double[] buckets = DEFAULT_BUCKETS;

    private Builder() {}

    /** Bucket upper bounds, strictly ascending; {@code +Inf} is added unless already last. */
    public Builder buckets(double... upperBounds) {
      this.buckets = upperBounds.clone();
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

    double[] finiteBounds() {
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
