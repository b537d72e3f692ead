package io.promsdk.core.metrics;

/**
 * A cache line between a {@link NativeStripe}'s head (its owner, which every thread that is not
 * the owner reads on each update) and the data its writer stores on every update (version, sum,
 * counts). The objects allocated just before a home stripe, the series and its counts, whose
 * fields every writer reads, are kept off that line too. Two threads on one native-only series
 * ran at ~60 ns per observation without it. Superclass fields are laid out first, so the padding
 * sits between the head and the data; 56 bytes per stripe.
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
}
