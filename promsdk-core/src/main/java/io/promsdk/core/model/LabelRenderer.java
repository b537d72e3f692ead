package io.promsdk.core.model;

/**
 * Renders a data point's labels into bytes, for a writer that has a live series keep the result
 * between scrapes (see {@link DataPointView#copyKeptLabels}). A rendering may depend on the labels
 * only (their names, values and order), never on the values of the series or on the time: a
 * series renders its labels once and copies the kept bytes on every later scrape.
 *
 * <pre>{@code
 * LabelRenderer pairs = new LabelRenderer() {
 *   public int maxLength(DataPointView p) { return 1024; }
 *   public int render(DataPointView p, byte[] b, int at) { ... return at + written; }
 * };
 * int end = point.copyKeptLabels(pairs, buffer, position, buffer.length);
 * if (end < 0) {
 *   // not kept: write the labels from point.labelName(i) / labelValue(i)
 * }
 * }</pre>
 *
 * <p>A series keeps the renderings of one renderer (the first that asks, by identity): use one
 * long-lived instance per kind of rendering.
 */
public interface LabelRenderer {
  /**
   * The most bytes {@link #render} writes for {@code point}'s labels, or -1 when they are not to
   * be kept (too long, say): the writer then writes them itself on every scrape.
   */
  int maxLength(DataPointView point);

  /**
   * Writes {@code point}'s labels at {@code into[offset]}, at most {@link #maxLength} bytes;
   * returns the position after them.
   */
  int render(DataPointView point, byte[] into, int offset);
}
