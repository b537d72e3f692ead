package io.promsdk.core.metrics;

import io.promsdk.core.model.Exemplar;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The exemplars of one series: one slot for a counter, one per classic bucket for a histogram,
 * each with its own gate for automatic exemplars.
 *
 * <p>The hot path, {@link #sample}, is a read of the clock and of the slot's gate (the time from
 * which the slot takes a new automatic exemplar): while the gate is closed it does nothing else,
 * so an {@code inc} without a current span costs two loads and a compare. When it is open, the
 * supplier is asked for the current span's labels: with a sampled span the slot takes an exemplar
 * and closes for the sample interval; without one it closes for a retry period (a clock tick), so
 * that code running outside spans does not ask on every call.
 *
 * <p>Invariants: an exemplar, once in a slot, is a whole immutable {@link Exemplar} (slots hold
 * references, published with release stores and read with acquire loads), so a reader never sees
 * parts of two. Among automatic exemplars racing for an open gate, exactly one wins the CAS that
 * moves the gate and stores its exemplar; the others keep nothing, so a slot takes at most one
 * automatic exemplar per interval. A manual exemplar ({@link #store}) always replaces the slot's
 * exemplar, the last of racing ones staying, and closes the gate for the interval, so that an
 * automatic one does not overwrite it at once.
 */
final class ExemplarSlots {
  private static final VarHandle EXEMPLARS = MethodHandles.arrayElementVarHandle(Exemplar[].class);
  private static final VarHandle GATES = MethodHandles.arrayElementVarHandle(long[].class);

  private final ExemplarSampler sampler;
  private final ExemplarClock clock;
  private final Exemplar[] exemplars;
  /** Per slot, the clock time from which it takes an automatic exemplar; never, without a supplier. */
  private final long[] gates;

  ExemplarSlots(ExemplarSampler sampler, int n) {
    this.sampler = sampler;
    this.clock = sampler.clock;
    this.exemplars = new Exemplar[n];
    this.gates = new long[n];
    if (sampler.spans == null) {
      java.util.Arrays.fill(gates, Long.MAX_VALUE);
    }
  }

  /** Offers an observation of {@code value} in {@code slot} for an automatic exemplar. The hot path. */
  void sample(int slot, double value) {
    long gate = gates[slot]; // a plain read: a stale value only delays or repeats the check below
    if (clock.millis() >= gate) {
      sampleNow(slot, value, gate);
    }
  }

  private void sampleNow(int slot, double value, long gate) {
    long now = clock.millis();
    Exemplar e = sampler.automatic(value);
    long next = now + (e == null ? sampler.retryMillis : sampler.intervalMillis);
    if (GATES.compareAndSet(gates, slot, gate, next) && e != null) {
      EXEMPLARS.setRelease(exemplars, slot, e);
    }
  }

  /**
   * Offers an automatic exemplar found before these slots existed ({@link
   * ExemplarSampler#firstAutomatic}): kept if the slot's gate is still open, so that of racing
   * first exemplars only the first is kept, as in {@link #sample}.
   */
  void offer(int slot, Exemplar e) {
    long gate = (long) GATES.getOpaque(gates, slot);
    long now = clock.millis();
    if (now >= gate && GATES.compareAndSet(gates, slot, gate, now + sampler.intervalMillis)) {
      EXEMPLARS.setRelease(exemplars, slot, e);
    }
  }

  /** Puts a manual exemplar in {@code slot}. */
  void store(int slot, Exemplar e) {
    EXEMPLARS.setRelease(exemplars, slot, e);
    if (sampler.spans != null) {
      GATES.setOpaque(gates, slot, clock.millis() + sampler.intervalMillis);
    }
  }

  /** The exemplar in {@code slot}; null when none. */
  Exemplar get(int slot) {
    return (Exemplar) EXEMPLARS.getAcquire(exemplars, slot);
  }

  int size() {
    return exemplars.length;
  }
}
