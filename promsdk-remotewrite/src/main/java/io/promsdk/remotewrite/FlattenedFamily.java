package io.promsdk.remotewrite;

import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.SampleSuffixes;

/**
 * The family whose series a read is flattening: its number in the read (so that a batch records
 * each family's metadata once), its series names and its 2.0 metadata. One instance per reader,
 * pointed at each family in turn ({@link #start}); not thread-safe.
 */
final class FlattenedFamily {
  // io.prometheus.write.v2.Metadata.MetricType
  private static final int COUNTER = 1;
  private static final int GAUGE = 2;
  private static final int HISTOGRAM = 3;
  private static final int GAUGE_HISTOGRAM = 4;
  private static final int SUMMARY = 5;
  private static final int INFO = 6;
  private static final int STATESET = 7;

  private int number = -1;
  private String name;
  private String sampleName;
  private String bucketName;
  private String countName;
  private String sumName;
  private String help;
  private String unit;
  private int metadataType;

  /**
   * Points at the next family of the read. Names are built here once per family, never per series:
   * a counter's samples are {@code <name>_total}, an info's {@code <name>_info}, a histogram's or
   * summary's {@code <name>_bucket}, {@code _count}, {@code _sum}.
   */
  void start(String familyName, MetricType type, MetricMetadata metadata) {
    number++;
    name = familyName;
    sampleName = switch (type) {
      case COUNTER -> familyName + SampleSuffixes.TOTAL;
      case INFO -> familyName + SampleSuffixes.INFO;
      default -> familyName;
    };
    boolean withSuffixes = type == MetricType.HISTOGRAM || type == MetricType.GAUGE_HISTOGRAM
        || type == MetricType.SUMMARY;
    bucketName = withSuffixes ? familyName + SampleSuffixes.BUCKET : null;
    // A gauge histogram's count and sum are _gcount and _gsum, as OpenMetrics (the text format
    // Prometheus prefers) names them.
    boolean gauge = type == MetricType.GAUGE_HISTOGRAM;
    countName = withSuffixes ? familyName + (gauge ? SampleSuffixes.GAUGE_COUNT : SampleSuffixes.COUNT) : null;
    sumName = withSuffixes ? familyName + (gauge ? SampleSuffixes.GAUGE_SUM : SampleSuffixes.SUM) : null;
    help = metadata.help();
    unit = metadata.unit() == null ? "" : metadata.unit().name();
    metadataType = switch (type) {
      case COUNTER -> COUNTER;
      case GAUGE -> GAUGE;
      case HISTOGRAM -> HISTOGRAM;
      case GAUGE_HISTOGRAM -> GAUGE_HISTOGRAM;
      case SUMMARY -> SUMMARY;
      case INFO -> INFO;
      case STATESET -> STATESET;
      case UNKNOWN -> 0;
    };
  }

  /** Starts numbering again, for the next read. */
  void restart() {
    number = -1;
  }

  int number() {
    return number;
  }

  /** The family's name, unsuffixed: a gauge's, state set's or native histogram's series name. */
  String name() {
    return name;
  }

  /** The name of a counter's, gauge's, info's or unknown's one sample. */
  String sampleName() {
    return sampleName;
  }

  String bucketName() {
    return bucketName;
  }

  String countName() {
    return countName;
  }

  String sumName() {
    return sumName;
  }

  String help() {
    return help;
  }

  String unit() {
    return unit;
  }

  /** The {@code io.prometheus.write.v2.Metadata.MetricType} number. */
  int metadataType() {
    return metadataType;
  }
}
