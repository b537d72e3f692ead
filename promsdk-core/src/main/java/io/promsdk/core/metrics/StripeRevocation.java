package io.promsdk.core.metrics;

import static io.promsdk.core.metrics.OwnedStripe.LONGS;
import static io.promsdk.core.metrics.OwnedStripe.OWNER;
import static io.promsdk.core.metrics.OwnedStripe.REVOKED;

/**
 * The reader's side of the owned stripes ({@link OwnedStripe}) of a {@link HotColdCounts}:
 * revoking a stripe whose writer keeps a reading from finishing, handing it back, and freeing the
 * stripe of a thread that has ended. Every method runs under the reading's lock (one reader at a
 * time); writers only ever CAS the owner field from null or from a thread that has ended.
 *
 * <pre>{@code
 * StripeRevocation.revoke(stripe);                        // after 64 failed attempts of a reading
 * StripeRevocation.returnIfRevoked(stripe, versionIndex); // once that reading is done
 * StripeRevocation.freeIfOwnerDead(stripe, versionIndex); // before each reading
 * }</pre>
 *
 * <p>Invariants (with those of {@link HotColdCounts}):
 * <ol>
 *   <li>Only this class moves an owner to or from REVOKED, and only under the reading's lock: a
 *       live owner to REVOKED ({@link #revoke}, remembering it in {@code revoked}), REVOKED back
 *       to that same thread ({@link #returnIfRevoked}), or a dead owner to REVOKED and then to
 *       null ({@link #freeFromDead}).</li>
 *   <li>No writer takes a REVOKED stripe (writers CAS from null or from a dead thread only), so
 *       while the revoked owner lives the stripe has at most that owner's one update in flight,
 *       begun before the revocation; a reading waits for it to close.</li>
 *   <li>The version of a freed stripe is closed only after the CAS to REVOKED succeeded, when no
 *       writer can hold the stripe: a writer that took it over from the dead owner in between
 *       keeps it, with its update open.</li>
 *   <li>A stripe's {@code revoked} field is written only here, and read only here and under the
 *       same lock.</li>
 * </ol>
 */
final class StripeRevocation {
  private StripeRevocation() {}

  static void revoke(OwnedStripe stripe) {
    Object o = stripe.owner;
    if (o instanceof Thread t && OWNER.compareAndSet(stripe, t, REVOKED)) {
      stripe.revoked = t;
    }
  }

  /**
   * Gives a revoked stripe back to its thread once the reading that needed it quiet is done:
   * nobody but that thread can write it, so it stays single-writer, and a pool thread that lives
   * as long as the application is not left on the atomic fallback for good.
   */
  static void returnIfRevoked(OwnedStripe stripe, int versionIndex) {
    Thread t = stripe.revoked;
    if (stripe.owner == REVOKED && t != null) {
      stripe.revoked = null;
      stripe.owner = t;
    }
  }

  static void freeIfOwnerDead(OwnedStripe stripe, int b) {
    Object o = stripe.owner;
    Thread t = o == REVOKED ? stripe.revoked : o instanceof Thread ? (Thread) o : null;
    if (OwnedStripe.hasEnded(t)) {
      freeFromDead(stripe, b, o);
    }
  }

  /**
   * Frees {@code stripe}, whose owner field held {@code seen}: a thread that has ended, or REVOKED
   * from one. Reader only, under its lock. The stripe is first taken from writers by a CAS from
   * {@code seen} to REVOKED, which no writer takes over: a writer may have taken it over from the
   * dead thread since {@code seen} was read and be inside an update, whose odd version must not be
   * closed under it (a reading would then accept that update half done). Only then is the version
   * touched, with nobody left to write the stripe.
   */
  static void freeFromDead(OwnedStripe stripe, int b, Object seen) {
    if (seen != REVOKED && !OWNER.compareAndSet(stripe, seen, REVOKED)) {
      return; // taken over meanwhile: it has a live writer again
    }
    long version = (long) LONGS.getAcquire(stripe.data, b);
    if ((version & 1) != 0) {
      // It died inside an update, which stays as far as it got: at worst one observation
      // counted without its sum or the reverse, instead of every later reading waiting.
      // Writers never take over a stripe left odd (see takeOverFromDead), nor a REVOKED one,
      // so nobody else writes the version here.
      LONGS.setRelease(stripe.data, b, version + 1);
    }
    stripe.revoked = null;
    stripe.owner = null; // volatile: the next writer's CAS from null sees the closed version
  }
}
