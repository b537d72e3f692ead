package io.promsdk.exposition;

import io.promsdk.core.config.PromsdkConfig;

/**
 * How a scrape or push writes its families: an immutable value that exporters (the HTTP server,
 * the servlet, the Pushgateway client) take from their builders and pass to
 * {@link ExpositionFormat#write(java.io.OutputStream, io.promsdk.core.CollectorRegistry,
 * java.util.function.BiPredicate, ExpositionOptions)}.
 *
 * <pre>{@code
 * ExpositionOptions options = ExpositionOptions.builder().createdTimestamps(true).build();
 * HTTPServer server = HTTPServer.builder().port(9400).expositionOptions(options).build();
 * }</pre>
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>what it does</th></tr>
 *   <tr><td>{@code createdTimestamps}</td><td>{@code false}, or {@code true} with
 *       {@code promsdk.createdTimestamps=true} in the runtime configuration (see {@link
 *       #defaults()})</td><td>writes the {@code _created} samples of
 *       counters, histograms and summaries in OpenMetrics (the text format has none). Off as in
 *       client_java 1.x: Prometheus 2.x stores each as one more series per child. In protobuf,
 *       where a created timestamp is a field, counters always send theirs and histograms and
 *       summaries only with this option.</td></tr>
 *   <tr><td>{@code strictCollectors}</td><td>{@code false}</td><td>when a custom collector or
 *       callback fails (throws, repeats labels, collides with another collector's names), {@code
 *       false} leaves that collector out, whole, and writes everything else; {@code true} fails
 *       the whole write instead, before a byte is written (a scrape answers 500).</td></tr>
 *   <tr><td>{@code keepRenderedLabels}</td><td>{@code true}, or {@code false} with {@code
 *       promsdk.keepRenderedLabels=false} in the runtime configuration</td><td>whether the text formats
 *       have each live series keep its label pairs, {@code a="1",b="2"}, as rendered on its first
 *       scrape, so that later scrapes copy them instead of encoding every label again (on the
 *       benchmarks' service-shaped registry, text 39.6 instead of 78.5 ns per sample line). What it costs: the rendered bytes plus 4 per series (and up to an
 *       eighth more, sized on the first scrape), held with
 *       the metric from the first text scrape until the series is removed (a two-label counter
 *       series: ~80 bytes before its first scrape, ~123 after; see promsdk-core's README).
 *       {@code false} keeps nothing and encodes the labels on every scrape.</td></tr>
 * </table>
 */
public final class ExpositionOptions {
  private static final ExpositionOptions PLAIN = new Builder().build();
  private static final ExpositionOptions WITH_CREATED = new Builder().createdTimestamps(true).build();

  private final boolean createdTimestamps;
  private final boolean strictCollectors;
  private final boolean keepRenderedLabels;

  private ExpositionOptions(Builder builder) {
    this.createdTimestamps = builder.createdTimestamps;
    this.strictCollectors = builder.strictCollectors;
    this.keepRenderedLabels = builder.keepRenderedLabels;
  }

  /**
   * The defaults: no {@code _created} samples, unless the runtime configuration turns them on
   * ({@code promsdk.createdTimestamps=true} in {@code promsdk.properties}, {@code
   * PROMSDK_CREATED_TIMESTAMPS=true} or {@code -Dpromsdk.createdTimestamps=true}; see {@link
   * PromsdkConfig}); rendered labels kept, unless it turns that off ({@code
   * promsdk.keepRenderedLabels=false}).
   *
   * @throws io.promsdk.core.config.PromsdkConfigException if the configuration has an unknown key
   *     or a malformed value
   */
  public static ExpositionOptions defaults() {
    return defaults(PromsdkConfig.get());
  }

  /** The defaults under {@code config}. */
  public static ExpositionOptions defaults(PromsdkConfig config) {
    ExpositionOptions options = config.createdTimestamps().orElse(false) ? WITH_CREATED : PLAIN;
    return config.keepRenderedLabels().orElse(true) ? options
        : options.toBuilder().keepRenderedLabels(false).build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.createdTimestamps = createdTimestamps;
    b.strictCollectors = strictCollectors;
    b.keepRenderedLabels = keepRenderedLabels;
    return b;
  }

  /**
   * Whether OpenMetrics writes {@code _created} samples for data points that have a created
   * timestamp, and protobuf the {@code created_timestamp} of histograms and summaries (counters
   * send theirs in protobuf either way).
   */
  public boolean createdTimestamps() {
    return createdTimestamps;
  }

  /**
   * Whether one failing collector fails the whole write (true), or is left out while everything
   * else is written (false, the default). See {@link ExpositionFormat#write(java.io.OutputStream,
   * io.promsdk.core.CollectorRegistry, java.util.function.BiPredicate, ExpositionOptions)}.
   */
  public boolean strictCollectors() {
    return strictCollectors;
  }

  /**
   * Whether the text formats have live series keep their rendered label pairs between scrapes
   * (true, the default); see {@link ExpositionOptions} for what it costs.
   */
  public boolean keepRenderedLabels() {
    return keepRenderedLabels;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExpositionOptions other && other.createdTimestamps == createdTimestamps
        && other.strictCollectors == strictCollectors && other.keepRenderedLabels == keepRenderedLabels;
  }

  @Override
  public int hashCode() {
    return (Boolean.hashCode(createdTimestamps) * 31 + Boolean.hashCode(strictCollectors)) * 31
        + Boolean.hashCode(keepRenderedLabels);
  }

  @Override
  public String toString() {
    return "ExpositionOptions[createdTimestamps=" + createdTimestamps
        + ", strictCollectors=" + strictCollectors + ", keepRenderedLabels=" + keepRenderedLabels + "]";
  }

  /** Builds {@link ExpositionOptions}; start from {@link ExpositionOptions#builder()}. */
  public static final class Builder {
    private boolean createdTimestamps;
    private boolean strictCollectors;
    private boolean keepRenderedLabels = true;

    private Builder() {}

    /**
     * Whether the text formats have live series keep their rendered label pairs between scrapes;
     * see {@link ExpositionOptions}. Default true.
     */
    public Builder keepRenderedLabels(boolean keepRenderedLabels) {
      this.keepRenderedLabels = keepRenderedLabels;
      return this;
    }

    /**
     * Whether a failing collector fails the whole write instead of being left out; see {@link
     * ExpositionOptions}. Default false.
     */
    public Builder strictCollectors(boolean strictCollectors) {
      this.strictCollectors = strictCollectors;
      return this;
    }

    /** Whether to write {@code _created} samples in OpenMetrics; see {@link ExpositionOptions}. */
    public Builder createdTimestamps(boolean createdTimestamps) {
      this.createdTimestamps = createdTimestamps;
      return this;
    }

    public ExpositionOptions build() {
      return new ExpositionOptions(this);
    }
  }
}
