package io.promsdk.core.model;

/**
 * What every data point of every type shows a writer: its labels and timestamps. One of the
 * read-only data views (one per type, such as {@link CounterDataPointView}) that both the immutable
 * data points of a snapshot and the reusable cursor over a metric's live series implement, so that
 * a format is written once, against the views, and reads either without copying.
 *
 * <pre>{@code
 * for (int i = 0; i < point.labelCount(); i++) {
 *   out.label(point.labelName(i), point.labelValue(i));
 * }
 * }</pre>
 *
 * <p>A view handed to a {@link DataPointVisitor} may be a cursor that moves on to the next series
 * when the visit returns: read it during the visit, and copy what must outlive it. Labels are read
 * pair by pair so that reading a live series creates no {@link Labels}; {@link #labels()} makes
 * one when asked. Timestamps are milliseconds since the epoch, 0 for none.
 */
public interface DataPointView {
  /**
   * The labels as a value; may create one (prefer the pairwise accessors when writing). A view
   * that holds a {@link Labels} implements only this; a cursor over live series implements the
   * pairwise accessors too, so that writing creates none.
   */
  Labels labels();

  /** The number of labels, constant labels first. */
  default int labelCount() {
    return labels().size();
  }

  /** The name of label {@code i}, {@code 0 <= i < labelCount()}. */
  default String labelName(int i) {
    return labels().name(i);
  }

  /** The value of label {@code i}; an index out of range is an {@link IndexOutOfBoundsException}. */
  default String labelValue(int i) {
    return labels().value(i);
  }

  /**
   * Copies the bytes {@code renderer} made of this data point's labels that a live series keeps
   * between scrapes into {@code into} at {@code offset}, rendering and keeping them first if this
   * is the series' first scrape by {@code renderer}; returns the position after them. Returns -1
   * when nothing is kept and the writer writes the labels itself: for a snapshot's data point
   * (which lives for one scrape), for series not read from a metric's table of live series, when
   * the rendering does not fit before {@code limit}, when {@code renderer} declined ({@link
   * LabelRenderer#maxLength} -1) or is not the renderer this metric's series keep, and for a
   * series that a concurrent scrape of the same metric is rendering.
   *
   * <pre>{@code
   * int end = point.copyKeptLabels(PAIRS, buf, pos, buf.length);
   * if (end >= 0) {
   *   pos = end;
   * } else {
   *   pos = PAIRS.render(point, buf, pos); // after making room for PAIRS.maxLength(point)
   * }
   * }</pre>
   *
   * <p>What it costs: a metric's series keep their renderings in one byte array per metric, the
   * rendered bytes plus 4 per series (sized on the first scrape for the series there are, from the
   * first renderings' lengths, and an eighth more), made by the first scrape that asks and dropped
   * when a series is removed (the next scrape renders them again).
   */
  default int copyKeptLabels(LabelRenderer renderer, byte[] into, int offset, int limit) {
    return -1;
  }

  /** When this series started counting; 0 when unknown or not kept (gauges, info, state sets). */
  long createdTimestampMillis();

  default boolean hasCreatedTimestamp() {
    return createdTimestampMillis() != 0;
  }

  /** An explicit sample timestamp; 0, the normal case, lets the scraper assign the time. */
  long scrapeTimestampMillis();

  default boolean hasScrapeTimestamp() {
    return scrapeTimestampMillis() != 0;
  }
}
