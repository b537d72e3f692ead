package io.promsdk.core.model;

import java.util.List;

/**
 * The one table of the suffixes each metric type appends to its family name to name its samples:
 * a counter {@code x} writes {@code x_total} and {@code x_created}, a histogram {@code x_bucket},
 * {@code x_count}, {@code x_sum} and {@code x_created}, and so on, as the OpenMetrics data model
 * names them. The registry's duplicate-name check, the text formats, the name filter of scrapes
 * ({@code ?name[]=x_total}) and every later format read it here, so that a new sample kind is
 * added in one place.
 *
 * <pre>{@code
 * for (String suffix : SampleSuffixes.of(MetricType.HISTOGRAM)) {
 *   System.out.println("latency_seconds" + suffix); // _bucket, _count, _sum, _created
 * }
 * }</pre>
 *
 * <p>A format may write fewer of them (the Prometheus text format has no {@code _created}), and
 * some formats also write the family name itself; see each format.
 */
public final class SampleSuffixes {
  public static final String TOTAL = "_total";
  public static final String CREATED = "_created";
  public static final String BUCKET = "_bucket";
  public static final String COUNT = "_count";
  public static final String SUM = "_sum";
  /** A gauge histogram's count in OpenMetrics. */
  public static final String GAUGE_COUNT = "_gcount";
  /** A gauge histogram's sum in OpenMetrics. */
  public static final String GAUGE_SUM = "_gsum";
  public static final String INFO = "_info";

  /** Every suffix of every type, for guessing which family a sample name belongs to. */
  public static final List<String> ALL =
      List.of(TOTAL, CREATED, BUCKET, COUNT, SUM, GAUGE_COUNT, GAUGE_SUM, INFO);

  private static final List<String> COUNTER = List.of(TOTAL, CREATED);
  private static final List<String> HISTOGRAM = List.of(BUCKET, COUNT, SUM, CREATED);
  private static final List<String> GAUGE_HISTOGRAM = List.of(BUCKET, GAUGE_COUNT, GAUGE_SUM);
  private static final List<String> SUMMARY = List.of(COUNT, SUM, CREATED);
  private static final List<String> INFO_ONLY = List.of(INFO);

  private SampleSuffixes() {}

  /**
   * The suffixes a family of {@code type} may append to its name, in the order its samples are
   * written; empty for gauges, state sets and unknown families, whose samples carry the family
   * name itself.
   */
  public static List<String> of(MetricType type) {
    return switch (type) {
      case COUNTER -> COUNTER;
      case HISTOGRAM -> HISTOGRAM;
      case GAUGE_HISTOGRAM -> GAUGE_HISTOGRAM;
      case SUMMARY -> SUMMARY;
      case INFO -> INFO_ONLY;
      case GAUGE, STATESET, UNKNOWN -> List.of();
    };
  }
}
