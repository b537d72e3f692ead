package io.promsdk.core.metrics;

import io.promsdk.core.config.PromsdkConfig;

import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.SummarySnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tracks the count and sum of observations and, optionally, quantiles over a sliding time window,
 * each with a declared rank error: quantile 0.99 with error 0.001 is a value whose rank lies between
 * the 0.989 and 0.991 quantiles of the observations in the window.
 *
 * <pre>{@code
 * Summary summary = Summary.builder()
 *     .name("task_time_summary").help("analyze the time of task with summary")
 *     .quantile(0.5, 0.05).quantile(0.99, 0.001)
 *     .register(registry);
 * summary.observe(42);
 * }</pre>
 *
 * <p>The window defaults to 10 minutes in 5 age buckets, like the other official clients. Count and
 * sum are over all time. Observations allocate nothing and take no lock in the common case: the
 * observer that completes a batch sorts it into the window (once per batch), and an observer waits
 * only if the window has fallen a whole ring (two batches) behind.
 *
 * <p>A child's memory grows with use: batches start at 16 observations and grow to 128 after about
 * 5,000, and the window's estimators hold only the samples their error bounds need. With quantiles
 * 0.5 ± 0.05 and 0.99 ± 0.001 a child holds about 1.2 KB after one observation, 3.3 KB after 1,000
 * (before the window first slides; age buckets never reset share one estimator) and 13.0 KB once warm
 * with its window slid (client_java 1.10: 6.2, 19.7 and 17.5 KB; {@code MemoryFootprint}). A child
 * without quantiles holds about 180 bytes.
 */
public final class Summary extends LabelledMetric<Summary.Child> implements DurationObserver {
  private final double[] quantiles;
  private final double[] errors;
  /** Quantiles and targets shared by every series' window; null without quantiles. */
  private final SlidingWindowQuantiles.Shape shape;
  private final long maxAgeNanos;
  private final int ageBuckets;

  private Summary(Builder builder) {
    super(builder);
    this.quantiles = builder.quantiles.stream().mapToDouble(q -> q[0]).toArray();
    this.errors = builder.quantiles.stream().mapToDouble(q -> q[1]).toArray();
    this.shape = quantiles.length == 0 ? null : new SlidingWindowQuantiles.Shape(quantiles, errors);
    this.maxAgeNanos = builder.maxAge.toNanos();
    this.ageBuckets = builder.ageBuckets;
    initNoLabelsChild();
  }

  /**
   * A builder whose defaults follow the runtime configuration ({@code promsdk.summary.quantiles},
   * {@code promsdk.summary.maxAge}, {@code promsdk.summary.ageBuckets}; see {@link PromsdkConfig});
   * what the code sets wins.
   */
  public static Builder builder() {
    return new Builder(PromsdkConfig.get());
  }

  /** A builder whose defaults follow {@code config} rather than the JVM's configuration. */
  public static Builder builder(PromsdkConfig config) {
    return new Builder(config);
  }

  /** Records a value; NaN is ignored. Only for summaries without labels. */
  public void observe(double value) {
    noLabels().observe(value);
  }

  @Override
  public void observeDuration(double seconds) {
    noLabels().observe(seconds);
  }

  @Override
  Child newChild(String[] labelValues, int labelHash) {
    return new Child(this, labelValues, labelHash);
  }

  @Override
  void read(Child child, LiveDataPoint into) {
    // Counts first, then the window: observe() writes them in the opposite order.
    long[] count = into.counts(1);
    double sum = child.counts.read(count);
    int n = child.window == null ? 0 : quantiles.length;
    if (n > 0) {
      child.window.snapshot(into.quantileValues(n));
    }
    startSeries(into, child, child.createdMillis)
        .summary(count[0], sum, quantiles, n);
  }

  /** The current series, copied from the same view the formats read. */
  @Override
  public SummarySnapshot snapshot() {
    return (SummarySnapshot) MetricSnapshot.copyOf(this);
  }

  @Override
  public MetricType type() {
    return MetricType.SUMMARY;
  }

  /** One labelled summary. Cache it to skip the label lookup. */
  public static final class Child extends LabelledChild implements DurationObserver {
    final long createdMillis = System.currentTimeMillis();
    final HotColdCounts counts = new HotColdCounts(1);
    final SlidingWindowQuantiles window;
    private final Summary owner;

    Child(Summary owner, String[] labelValues, int labelHash) {
      super(labelValues, labelHash);
      this.owner = owner;
      this.window = owner.shape == null ? null : new SlidingWindowQuantiles(
          owner.shape, owner.maxAgeNanos, owner.ageBuckets, System::nanoTime);
    }

    /** Records a value; NaN is ignored (it would make the sum NaN forever), as in client_java. */
    public void observe(double value) {
      if (value != value) {
        return;
      }
      // Window first, counts second, and the snapshot reads them in the opposite order: so a
      // scrape that counts an observation also has it in the quantiles (no NaN quantile with a
      // count above zero).
      if (window != null) {
        window.observe(value);
      }
      counts.observe(0, value);
      if (!isLive()) { // only with expireAfterIdle
        notLiveAfterObserve(value);
      }
    }

    @Override
    LabelledMetric<?> metric() {
      return owner;
    }

    @Override
    public void observeDuration(double seconds) {
      observe(seconds);
    }
  }

  /** Builds a {@link Summary}. */
  public static final class Builder extends LabelledMetric.Builder<Builder, Summary> {
    private final List<double[]> quantiles = new ArrayList<>();
    private Duration maxAge;
    private int ageBuckets;
    // The configured quantiles: used when the code adds none.
    private final List<PromsdkConfig.Quantile> configuredQuantiles;

    private Builder(PromsdkConfig config) {
      this.maxAge = config.summaryMaxAge().orElse(Duration.ofMinutes(10));
      this.ageBuckets = config.summaryAgeBuckets().orElse(5);
      this.configuredQuantiles = config.summaryQuantiles().orElse(List.of());
    }

    /**
     * Adds a quantile to track, with its allowed rank error: {@code quantile(0.99, 0.001)}.
     * Both must lie strictly between 0 and 1.
     */
    public Builder quantile(double quantile, double error) {
      quantiles.add(new double[] {quantile, error});
      return this;
    }

    /** How long an observation counts towards the quantiles (default 10 minutes). */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = maxAge;
      return this;
    }

    /** Into how many buckets the window is split; more buckets slide more smoothly (default 5). */
    public Builder ageBuckets(int ageBuckets) {
      this.ageBuckets = ageBuckets;
      return this;
    }

    @Override
    public Summary build() {
      String who = "summary '" + metadata().name() + "'"; // checks the name first
      if (quantiles.isEmpty()) {
        for (PromsdkConfig.Quantile q : configuredQuantiles) {
          quantiles.add(new double[] {q.quantile(), q.error()});
        }
      }
      for (int i = 0; i < quantiles.size(); i++) {
        double quantile = quantiles.get(i)[0];
        double error = quantiles.get(i)[1];
        if (!(quantile > 0 && quantile < 1)) {
          throw new IllegalArgumentException(who + ": quantile " + quantile
              + " is outside (0, 1); a summary tracks quantiles strictly between 0 and 1");
        }
        if (!(error > 0 && error < 1)) {
          throw new IllegalArgumentException(
              who + ": the error of quantile " + quantile + " must lie in (0, 1), got " + error);
        }
        for (int j = 0; j < i; j++) {
          if (quantiles.get(j)[0] == quantile) {
            throw new IllegalArgumentException(who + ": quantile " + quantile + " is given twice");
          }
        }
      }
      quantiles.sort((a, b) -> Double.compare(a[0], b[0]));
      if (maxAge == null || maxAge.isNegative() || maxAge.isZero() || maxAge.getSeconds() > 365L * 86400) {
        throw new IllegalArgumentException(who + ": maxAge must be positive and at most a year, got " + maxAge);
      }
      if (ageBuckets < 1 || maxAge.toNanos() < ageBuckets) {
        throw new IllegalArgumentException(who + ": ageBuckets must be at least 1 (and not finer than"
            + " a nanosecond of maxAge), got " + ageBuckets);
      }
      return new Summary(this);
    }

    @Override
    String typeName() {
      return "summary";
    }

    @Override
    String[] reservedLabelNames() {
      return new String[] {"quantile"};
    }
  }
}
