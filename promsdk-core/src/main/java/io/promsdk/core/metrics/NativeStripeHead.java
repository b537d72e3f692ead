package io.promsdk.core.metrics;

/**
 * What other threads read of a {@link NativeStripe} on every update: its owner (see
 * {@link NativeHistogramCounts}), and whom a reader revoked it from, to hand it back to. Kept a
 * cache line away from the stripe's data by {@link NativeStripePad}.
 */
abstract class NativeStripeHead {
  /** The writer: a thread, null while free, or a reader's marker; see {@link NativeHistogramCounts}. */
  volatile Object owner;
  /** Whom a reader revoked the stripe from, to hand it back to. */
  Thread revoked;
}
