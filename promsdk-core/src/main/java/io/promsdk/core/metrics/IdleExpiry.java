package io.promsdk.core.metrics;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Removes the series of a labelled metric that were not updated for a while ({@code
 * expireAfterIdle}), without a thread and without losing an update that races the removal.
 *
 * <p>How: every collection of the metric (scrape or push) first sweeps its children. An update
 * leaves its child {@link #LIVE}; the sweep turns a live child into IDLE stamped with the current
 * second, and unlinks (EXPIRED) a child that stayed IDLE for the idle time. The stamp is written by
 * the sweep, not by updates: the hot path reads one int ({@link LabelledChild#isLive()}) and
 * writes only when a sweep has marked the child idle, once per child per collection.
 *
 * <p>States of {@link LabelledChild#idleState} and who changes them:
 * <ul>
 *   <li>LIVE (0): updated since the last sweep, or never swept. The sweep sets IDLE.
 *   <li>IDLE: low bits {@code 11}, the rest the second (since this expiry's start, rounded up) of
 *       the sweep that set it. A writer sets LIVE by CAS; the sweep sets EXPIRED by CAS.
 *   <li>EXPIRED (1): unlinked by a sweep. The next writer relinks it (LIVE) if its label set has
 *       no child by then, or marks it RETIRED and repeats its update on the child that has it.
 *   <li>RETIRED (2): replaced for good; every update is repeated on the label set's current child.
 * </ul>
 *
 * <p>Invariants:
 * <ol>
 *   <li>A writer updates the child first and reads the state second (both volatile or stronger);
 *       the sweep changes the state first and reads the values second, in the same collection.
 *       So a writer that reads LIVE wrote before the sweep that sets IDLE, whose collection then
 *       exposes the write; a writer that reads anything else takes the slow path.
 *   <li>Only a sweep, holding the table's lock, sets IDLE (from LIVE: writers never leave LIVE)
 *       and EXPIRED (by CAS from IDLE, racing the writers' CAS from IDLE to LIVE: one wins). EXPIRED
 *       and RETIRED are left only under the table's lock ({@link LabelledMetric#revive}).
 *   <li>Hence no update is lost: it lands in a child that a later collection exposes, or (slow
 *       path) in an expired child that is relinked, or it is repeated on the label set's current
 *       child. A retired child is never relinked, so a repeated update is never counted twice.
 *   <li>A child expires no sooner than the idle time after its last update: that update came
 *       before the sweep that stamped IDLE, and the stamp rounds that sweep's time up.
 * </ol>
 *
 * <p>Limits, by design. (a) The writer's check cannot tell whether the collection before an
 * expiry already read its update: a writer paused between its update and its check for a whole
 * idle time (two collections), while another thread recreates the label set, repeats an update
 * that was exposed, so it is counted twice, once per child it retires (never lost). (b) Invariant 1
 * orders the update before the state read only when the update is a volatile write or an atomic
 * read-modify-write (a counter's CAS, a gauge's {@code inc}); a gauge's {@code set} and the
 * owner stripe of a histogram or summary end with a release write, which the processor may let
 * pass the read: such an update, nanoseconds before the sweep that marks its series idle, is read
 * from the next collection on, and if the series then stays idle for the whole idle time it
 * expires unread. A fence there would cost every update of every metric, with or without expiry.
 *
 * <p>A metric that is never collected never expires series; the {@code cardinalityLimit} bounds
 * it then. Granularity is one second, plus the time between collections.
 */
final class IdleExpiry {
  static final int LIVE = 0;
  static final int EXPIRED = 1;
  static final int RETIRED = 2;
  private static final int IDLE_TAG = 3;
  /** Seconds that fit in the stamp beside the tag (17 years after the metric's creation). */
  private static final long MAX_SECOND = (1L << 29) - 1;

  private final long idleSeconds;
  private final LongSupplier millisClock;
  private final long startMillis;

  /** {@code millisClock}: a monotonic clock in milliseconds. */
  IdleExpiry(Duration idleTime, LongSupplier millisClock) {
    this.idleSeconds = (idleTime.toMillis() + 999) / 1000;
    this.millisClock = millisClock;
    this.startMillis = millisClock.getAsLong();
  }

  /** The monotonic clock of production: {@code System.nanoTime()} in milliseconds. */
  static long monotonicMillis() {
    return System.nanoTime() / 1_000_000;
  }

  static boolean isIdle(int state) {
    return (state & IDLE_TAG) == IDLE_TAG;
  }

  /**
   * Sweeps {@code table}: marks its live children idle and unlinks those idle for long enough. Holds
   * the table's lock; allocates only when a child expires.
   */
  void sweep(ChildTable<?> table) {
    long elapsed = Math.max(0, millisClock.getAsLong() - startMillis);
    int stamp = (int) Math.min(MAX_SECOND, (elapsed + 999) / 1000) << 2 | IDLE_TAG;
    int nowSecond = (int) Math.min(MAX_SECOND, elapsed / 1000);
    table.removeChildren(child -> expires(child, stamp, nowSecond));
  }

  /** Under the table's lock: whether {@code child} expires now (then EXPIRED), else marks it IDLE. */
  private boolean expires(LabelledChild child, int stamp, int nowSecond) {
    int s = child.idleState;
    if (s == LIVE) {
      child.idleState = stamp; // writers never leave LIVE, so no CAS is needed
      return false;
    }
    return isIdle(s) && nowSecond - (s >>> 2) >= idleSeconds && child.casIdleState(s, EXPIRED);
  }
}
