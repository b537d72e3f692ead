package io.promsdk.core.metrics;

/**
 * A cache line between a {@link NativeStripe}'s head (its owner, which every thread that is not
 * the owner reads on each update) and the data its writer stores on every update (version, sum,
 * counts). The objects allocated just before a home stripe, the series and its counts, whose
 * fields every writer reads, are kept off that line too. Two threads on one native-only series
 * ran at ~60 ns per observation without it. Superclass fields are laid out first, but a
 * subclass's field may fill a hole among them (with compressed oops the 4 bytes after the head,
 * where {@code NativeStripe.schema} went), so {@link #pieceRow} takes that hole and the longs sit
 * between the head and the data; 56 bytes per stripe (the stripe's size is unchanged, 160 bytes).
 * {@code pieceRow} may share the head's line: its writer changes it only when the stripe's layout
 * changes, not on every update.
 */
@SuppressWarnings("unused")
abstract class NativeStripePad extends NativeStripeHead {
  private long p0;
  private long p1;
  private long p2;
  private long p3;
  private long p4;
  private long p5;
  private long p6;
  /**
   * The stripe's index table, {@code NativeBucketMath.pieceRow(schema)} (see {@link NativeStripe});
   * here to fill the hole after the head, see above.
   */
  long[] pieceRow;
}
