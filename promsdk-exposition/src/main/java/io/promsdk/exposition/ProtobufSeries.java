package io.promsdk.exposition;

/**
 * What the protobuf encoder reads of one series: its labels, timestamps and the values of its
 * type. {@link ProtobufEncoder} is written against this view alone, never against core's {@code
 * Series} or the snapshot classes, so that pointing it at another read model takes one adapter
 * ({@link SeriesReader} today). Only the accessors of the series' type are meaningful.
 */
interface ProtobufSeries {
  int labelCount();

  String labelName(int i);

  String labelValue(int i);

  /** When the series started counting, in milliseconds since the epoch; 0 for unknown. */
  long createdTimestampMillis();

  /** An explicit sample timestamp in milliseconds; 0 for none. */
  long scrapeTimestampMillis();

  /** The value of a counter, gauge or unknown series. */
  double value();

  /** The count of a histogram or summary. */
  long count();

  /** The sum of a histogram or summary. */
  double sum();

  /** The number of buckets (+Inf last), quantiles or states. */
  int size();

  double upperBound(int i);

  long cumulativeCount(int i);

  double quantile(int i);

  double quantileValue(int i);

  String stateName(int i);

  boolean isStateEnabled(int i);
}
