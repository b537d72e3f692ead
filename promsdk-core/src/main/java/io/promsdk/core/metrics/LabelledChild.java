package io.promsdk.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * What every child of a labelled metric carries: its variable label values and their hash. The
 * child is its own entry in the {@link ChildTable}, and the names and constant values live once in
 * the metric, so a series costs no key, entry or {@link io.promsdk.core.model.Labels} object.
 *
 * <p>The first two values are fields: most metrics have one or two labels, and a lookup then
 * compares them without following an array, and the series holds no array at all.
 *
 * <p>{@link #idleState} is the child's part of the expiry protocol ({@link IdleExpiry} lists its
 * invariants): every update of a child ends with {@link #isLive()}, one read of a field that stays
 * {@link IdleExpiry#LIVE} (zero) in a metric without expiry, so the check is a load and a
 * never-taken branch. The int fits the object's alignment padding: a series costs no more bytes.
 */
abstract class LabelledChild {
  private static final VarHandle IDLE_STATE;

  static {
    try {
      IDLE_STATE = MethodHandles.lookup().findVarHandle(LabelledChild.class, "idleState", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final String value0;
  final String value1;
  /** Values from the third on; null for fewer than three labels. */
  final String[] moreValues;
  final int labelHash;
  /** See {@link IdleExpiry}: LIVE, or IDLE with the second it went idle, EXPIRED or RETIRED. */
  volatile int idleState;

  /** {@code values}: the variable label values, not kept. */
  LabelledChild(String[] values, int labelHash) {
    int n = values.length;
    this.value0 = n > 0 ? values[0] : null;
    this.value1 = n > 1 ? values[1] : null;
    this.moreValues = n > 2 ? Arrays.copyOfRange(values, 2, n) : null;
    this.labelHash = labelHash;
  }

  /** The metric this child belongs to. */
  abstract LabelledMetric<?> metric();

  /**
   * Whether this child is still its label set's exposed series and marked as updated since the last
   * expiry sweep; called after every update. False only in metrics with {@code expireAfterIdle}:
   * the update then goes on in {@link #afterIdle()}.
   */
  final boolean isLive() {
    return idleState == IdleExpiry.LIVE;
  }

  /**
   * The slow path after an update that found this child not live: marks it updated again, relinks
   * it if it expired, and returns the child that the update must be repeated on, or null when the
   * update (already applied to this child) is exposed through it.
   */
  @SuppressWarnings("unchecked")
  final <C extends LabelledChild> C afterIdle() {
    int s = idleState;
    if (IdleExpiry.isIdle(s) && IDLE_STATE.compareAndSet(this, s, IdleExpiry.LIVE)) {
      return null;
    }
    if (idleState == IdleExpiry.LIVE) {
      // Another writer's CAS (or a relink) made it live since this writer's check: what revive()
      // answers for LIVE, without its lock, which every writer that lost the race to the first
      // update after a collection would otherwise take.
      return null;
    }
    return (C) metric().revive(this);
  }

  /**
   * {@link #afterIdle()} for the children whose update is a {@link DurationObserver}'s (a
   * histogram's or summary's {@code observe}, a gauge's {@code set}): repeats {@code value} there
   * if needed. Out of line, so that the hot update method stays small for the JIT.
   */
  final void notLiveAfterObserve(double value) {
    LabelledChild live = afterIdle();
    if (live != null) {
      ((DurationObserver) live).observeDuration(value); // live is of this child's class
    }
  }

  /** Changes the state from {@code expected} to {@code next} atomically. */
  final boolean casIdleState(int expected, int next) {
    return IDLE_STATE.compareAndSet(this, expected, next);
  }

  /** How many variable label values this child has. */
  final int valueCount() {
    return moreValues != null ? 2 + moreValues.length : value1 != null ? 2 : value0 != null ? 1 : 0;
  }

  /** The {@code i}th variable label value. */
  final String value(int i) {
    return i == 0 ? value0 : i == 1 ? value1 : moreValues[i - 2];
  }

  /** A copy of the variable label values. */
  final String[] values() {
    String[] values = new String[valueCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = value(i);
    }
    return values;
  }
}
