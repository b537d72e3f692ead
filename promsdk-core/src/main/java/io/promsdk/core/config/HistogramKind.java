package io.promsdk.core.config;

/**
 * Which buckets a histogram keeps by default: {@code promsdk.histogram.kind=classic}, {@code
 * native} or {@code classicAndNative}. A builder's {@code classicOnly()} or {@code nativeOnly()}
 * still wins.
 */
public enum HistogramKind {
  /** Classic buckets only ({@code Histogram.Builder.classicOnly()}). */
  CLASSIC("classic"),
  /** Native buckets only ({@code Histogram.Builder.nativeOnly()}). */
  NATIVE("native"),
  /** Both, the builder's default. */
  CLASSIC_AND_NATIVE("classicAndNative");

  private final String configName;

  HistogramKind(String configName) {
    this.configName = configName;
  }

  /** The value of {@code promsdk.histogram.kind} that selects this kind. */
  public String configName() {
    return configName;
  }
}
