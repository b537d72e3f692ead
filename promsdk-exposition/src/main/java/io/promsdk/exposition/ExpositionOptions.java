package io.promsdk.exposition;

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
 *       {@code -Dpromsdk.createdTimestamps=true}</td><td>writes the {@code _created} samples of
 *       counters, histograms and summaries in OpenMetrics (the text format has none). Off as in
 *       client_java 1.x: Prometheus 2.x stores each as one more series per child.</td></tr>
 * </table>
 */
public final class ExpositionOptions {
  /** The JVM-wide default of {@link #createdTimestamps()}; read once, when this class loads. */
  static final String CREATED_TIMESTAMPS_PROPERTY = "promsdk.createdTimestamps";

  private static final ExpositionOptions DEFAULTS =
      new Builder().createdTimestamps(parseFlag(System.getProperty(CREATED_TIMESTAMPS_PROPERTY))).build();

  private final boolean createdTimestamps;

  private ExpositionOptions(Builder builder) {
    this.createdTimestamps = builder.createdTimestamps;
  }

  /**
   * The defaults: no {@code _created} samples, unless the JVM was started with
   * {@code -Dpromsdk.createdTimestamps=true}.
   */
  public static ExpositionOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return DEFAULTS.toBuilder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.createdTimestamps = createdTimestamps;
    return b;
  }

  /** Whether OpenMetrics writes {@code _created} samples for data points that have a created timestamp. */
  public boolean createdTimestamps() {
    return createdTimestamps;
  }

  /** {@code "true"} in any case is true; anything else, null included, false. */
  static boolean parseFlag(String value) {
    return Boolean.parseBoolean(value == null ? null : value.trim());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExpositionOptions other && other.createdTimestamps == createdTimestamps;
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(createdTimestamps);
  }

  @Override
  public String toString() {
    return "ExpositionOptions[createdTimestamps=" + createdTimestamps + "]";
  }

  /** Builds {@link ExpositionOptions}; start from {@link ExpositionOptions#builder()}. */
  public static final class Builder {
    private boolean createdTimestamps;

    private Builder() {}

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
