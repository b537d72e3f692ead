package io.promsdk.core;

import io.promsdk.core.metrics.Counter;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The collectors of one registry that were left out of a scrape or push because they failed: a
 * counter by collector, {@value #METRIC_NAME}{@code _total{collector="..."}}, and a log line per
 * collector at most once a minute.
 *
 * <p>The counter is created on the first failure, so a healthy registry exposes nothing more than
 * its own metrics. Its label is the collector's {@code toString()} (cut to
 * {@value #MAX_LABEL_LENGTH} characters; the metrics of promsdk say {@code counter 'name'}), never
 * the exception's message, so it grows with the collectors registered, not with what they say:
 * past {@value #MAX_COLLECTORS} distinct collectors, further ones are counted as {@code other}.
 *
 * <p>Thread-safe: failures may be recorded by concurrent scrapes. The log limit is a CAS on the
 * time of the last line per collector, so two scrapes failing together log once.
 */
final class CollectorFailures {
  static final String METRIC_NAME = "promsdk_collector_failures";
  static final int MAX_COLLECTORS = 100;
  static final int MAX_LABEL_LENGTH = 100;
  static final String OTHER = "other";
  static final long LOG_INTERVAL_NANOS = 60_000_000_000L;
  private static final System.Logger LOG = System.getLogger(CollectorRegistry.class.getName());

  /** Per collector label: when it was last logged (System.nanoTime), Long.MIN_VALUE for never. */
  private final ConcurrentHashMap<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;
  private volatile Counter counter;

  CollectorFailures() {
    this(System::nanoTime);
  }

  /** With a clock of its own, for tests of the log limit. */
  CollectorFailures(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Counts a failure of {@code collector}, which is being left out, and logs it if due. */
  void record(Collector collector, RuntimeException failure) {
    String label = label(collector);
    counter().labelValues(label).inc();
    AtomicLong last = lastLogged.get(label);
    long now = nanoClock.getAsLong();
    long previous = last.get();
    if ((previous == Long.MIN_VALUE || now - previous >= LOG_INTERVAL_NANOS)
        && last.compareAndSet(previous, now)) {
      LOG.log(Level.WARNING, "collector " + describe(collector) + " failed and was left out of a"
          + " scrape or push; the other metrics were written (" + (long) counter.labelValues(label).get()
          + " failures so far, counted in " + METRIC_NAME + "_total{collector=\"" + label
          + "\"}; logged at most once a minute per collector): " + failure, failure);
    }
  }

  /** The failure counter, or null while nothing has failed. */
  Counter metricIfAny() {
    return counter;
  }

  /** The collector's label: its description, or {@link #OTHER} once there are too many. */
  private String label(Collector collector) {
    String label = describe(collector);
    if (label.length() > MAX_LABEL_LENGTH) {
      label = label.substring(0, MAX_LABEL_LENGTH);
    }
    if (lastLogged.containsKey(label)) {
      return label;
    }
    synchronized (lastLogged) { // only on a new collector's first failure
      if (lastLogged.size() >= MAX_COLLECTORS - 1 && !lastLogged.containsKey(label)) {
        label = OTHER;
      }
      lastLogged.putIfAbsent(label, new AtomicLong(Long.MIN_VALUE));
    }
    return label;
  }

  private Counter counter() {
    Counter c = counter;
    if (c == null) {
      synchronized (this) {
        c = counter;
        if (c == null) {
          c = Counter.builder().name(METRIC_NAME + "_total")
              .help("Failures of collectors that were left out of a scrape or push, by collector.")
              .labelNames("collector").build();
          counter = c;
        }
      }
    }
    return c;
  }

  static String describe(Collector collector) {
    String s = String.valueOf(collector);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
