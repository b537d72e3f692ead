package io.promsdk.core;

import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.Labels;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The collectors of one registry that were left out of a scrape or push because they failed: a
 * counter by collector, {@value #METRIC_NAME}{@code _total{collector="..."}}, and a log line per
 * collector at most once a minute.
 *
 * <p>The counter is itself a collector and a live counter family, written like promsdk's own
 * counters (series by series, no snapshot), which the registry appends to its collectors once the
 * first failure has happened, so a healthy registry exposes nothing more than its own metrics.
 * Its label is the collector's {@code toString()} (cut to {@value #MAX_LABEL_LENGTH} characters;
 * the metrics of promsdk say {@code counter 'name'}), never the exception's message, so it grows
 * with the collectors registered, not with what they say: past {@value #MAX_COLLECTORS} distinct
 * collectors, further ones are counted as {@code other}.
 *
 * <p>Thread-safe: failures may be recorded by concurrent scrapes. A label's series is created once
 * (under a lock, on that collector's first failure) and appended to a copy-on-write list, so
 * series keep the order of their first failure and a scrape reads them without a lock; its count
 * is an atomic increment. The log limit is a CAS on the time of the last line per collector, so
 * two scrapes failing together log once.
 */
final class CollectorFailures extends SelfCounterFamily {
  static final String METRIC_NAME = "promsdk_collector_failures";
  static final int MAX_COLLECTORS = 100;
  static final int MAX_LABEL_LENGTH = 100;
  static final String OTHER = "other";
  static final long LOG_INTERVAL_NANOS = 60_000_000_000L;
  private static final String LABEL = "collector";
  private static final System.Logger LOG = System.getLogger(CollectorRegistry.class.getName());

  private final ConcurrentHashMap<String, Series> byLabel = new ConcurrentHashMap<>();
  private final List<Series> inOrder = new CopyOnWriteArrayList<>();
  private final LongSupplier nanoClock;

  CollectorFailures() {
    this(System::nanoTime);
  }

  /** With a clock of its own, for tests of the log limit. */
  CollectorFailures(LongSupplier nanoClock) {
    super(METRIC_NAME, "Failures of collectors that were left out of a scrape or push, by collector.");
    this.nanoClock = nanoClock;
  }

  /** Counts a failure of {@code collector}, which is being left out, and logs it if due. */
  void record(Collector collector, RuntimeException failure) {
    Series series = series(collector);
    long total = series.count.incrementAndGet();
    long now = nanoClock.getAsLong();
    long previous = series.lastLogged.get();
    if ((previous == Long.MIN_VALUE || now - previous >= LOG_INTERVAL_NANOS)
        && series.lastLogged.compareAndSet(previous, now)) {
      LOG.log(Level.WARNING, "collector " + describe(collector) + " failed and was left out of a"
          + " scrape or push; the other metrics were written (" + total
          + " failures so far, counted in " + METRIC_NAME + "_total{collector=\"" + series.label
          + "\"}; logged at most once a minute per collector): " + failure, failure);
    }
  }

  /** This counter once something has failed; null before. */
  Collector ifAny() {
    return inOrder.isEmpty() ? null : this;
  }

  /** The series of the collector's label: its description, or {@link #OTHER} once there are too many. */
  private Series series(Collector collector) {
    String label = describe(collector);
    if (label.length() > MAX_LABEL_LENGTH) {
      label = label.substring(0, MAX_LABEL_LENGTH);
    }
    Series series = byLabel.get(label);
    if (series != null) {
      return series;
    }
    synchronized (byLabel) { // only on a new collector's first failure
      if (byLabel.size() >= MAX_COLLECTORS - 1 && !byLabel.containsKey(label)) {
        label = OTHER;
      }
      series = byLabel.get(label);
      if (series == null) {
        series = new Series(label);
        byLabel.put(label, series);
        inOrder.add(series);
      }
      return series;
    }
  }

  static String describe(Collector collector) {
    String s = String.valueOf(collector);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  // ---------------------------------------------------------------- as a live family

  @Override
  public void forEachDataPoint(DataPointVisitor visitor) throws IOException {
    for (Series series : inOrder) {
      visitor.counter(series);
    }
  }

  /** The failures of one collector label: a counter series, read as its own data view. */
  private static final class Series extends SelfCounterFamily.Series {
    final String label;
    final AtomicLong count = new AtomicLong();
    /** When this label was last logged (System.nanoTime), Long.MIN_VALUE for never. */
    final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);

    Series(String label) {
      super(Labels.of(LABEL, label));
      this.label = label;
    }

    @Override
    public double value() {
      return count.get();
    }
  }
}
