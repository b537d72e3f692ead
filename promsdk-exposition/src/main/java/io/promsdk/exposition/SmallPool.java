package io.promsdk.exposition;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A few idle instances of a reusable scrape writer (buffers, encoders), so that steady-state
 * scrapes allocate none; lock-free. A scrape that finds the pool empty makes its own instance, and
 * one that finds it full lets its instance go.
 *
 * <p>Invariant: an instance is in at most one slot, and never in a slot while a scrape owns it:
 * {@link #take} empties the slot it takes from atomically, {@link #give} fills only an empty slot.
 */
final class SmallPool<T> {
  private final AtomicReferenceArray<T> slots;

  SmallPool(int size) {
    slots = new AtomicReferenceArray<>(size);
  }

  /** An idle instance, now the caller's; null if there is none. */
  T take() {
    for (int i = 0; i < slots.length(); i++) {
      T t = slots.getAndSet(i, null);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /** Returns {@code t}, which the caller no longer uses, for a later {@link #take}. */
  void give(T t) {
    for (int i = 0; i < slots.length(); i++) {
      if (slots.compareAndSet(i, null, t)) {
        return;
      }
    }
  }
}
