package io.promsdk.core.exemplars;

import io.promsdk.core.config.PromsdkConfig;

import java.time.Duration;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The process-wide exemplar settings: whether metrics keep exemplars at all, how often a series
 * takes a new automatic one, and which {@link SpanContextSupplier} gives the trace and span ids.
 * Each counter and histogram reads them when it is built ({@code build()} / {@code register()});
 * builders can override them per metric ({@code withoutExemplars()}, {@code
 * exemplarSampleInterval(..)}).
 *
 * <pre>{@code
 * // at startup, before the metrics are created:
 * Exemplars.setEnabled(false);                       // or -Dpromsdk.exemplars=false
 * Exemplars.setSampleInterval(Duration.ofSeconds(5)); // or -Dpromsdk.exemplars.intervalMillis=5000
 * }</pre>
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>runtime configuration ({@link PromsdkConfig})</th><th>default</th></tr>
 *   <tr><td>{@link #setEnabled}</td><td>{@code promsdk.exemplars}</td><td>true</td></tr>
 *   <tr><td>{@link #setSampleInterval}</td><td>{@code promsdk.exemplars.intervalMillis}</td><td>1000</td></tr>
 *   <tr><td>{@link #setSpanContextSupplier}</td><td>-</td><td>the first usable provider found by
 *       {@link ServiceLoader}, none if there is none</td></tr>
 * </table>
 */
public final class Exemplars {
  /** The default minimum time between two automatic exemplars of one series or bucket. */
  public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(1);

  // Null until set in code: then the runtime configuration (PromsdkConfig) decides, read at each
  // call rather than when this class loads, so that a malformed value is a PromsdkConfigException
  // naming it at the first metric built, not an ExceptionInInitializerError.
  private static volatile Boolean enabled;
  private static volatile Duration sampleInterval;
  private static volatile SpanContextSupplier supplier;
  private static volatile boolean supplierSet;

  private Exemplars() {}

  /** Whether metrics built from now on keep exemplars (manual and automatic ones). */
  public static boolean enabled() {
    Boolean set = enabled;
    return set != null ? set : PromsdkConfig.get().exemplarsEnabled().orElse(true);
  }

  /** Turns exemplars on or off for metrics built from now on; metrics already built keep their setting. */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  /** The minimum time between two automatic exemplars of one series or bucket, for metrics built from now on. */
  public static Duration sampleInterval() {
    Duration set = sampleInterval;
    return set != null ? set : PromsdkConfig.get().exemplarsSampleInterval().orElse(DEFAULT_SAMPLE_INTERVAL);
  }

  public static void setSampleInterval(Duration interval) {
    sampleInterval = checkInterval(interval, "Exemplars.setSampleInterval");
  }

  /** Checks a sample interval: positive. */
  public static Duration checkInterval(Duration interval, String where) {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(where + ": the exemplar sample interval must be positive, got " + interval);
    }
    return interval;
  }

  /**
   * The supplier of automatic exemplars' labels for metrics built from now on: the one set with
   * {@link #setSpanContextSupplier}, or else the first provider {@link ServiceLoader} finds whose
   * constructor succeeds; null when there is none (automatic exemplars are then off).
   */
  public static SpanContextSupplier spanContextSupplier() {
    if (!supplierSet) {
      synchronized (Exemplars.class) {
        if (!supplierSet) {
          supplier = loadSupplier();
          supplierSet = true;
        }
      }
    }
    return supplier;
  }

  /** Sets the supplier explicitly, for metrics built from now on; null turns automatic exemplars off. */
  public static synchronized void setSpanContextSupplier(SpanContextSupplier s) {
    supplier = s;
    supplierSet = true;
  }

  private static SpanContextSupplier loadSupplier() {
    Iterator<SpanContextSupplier> providers =
        ServiceLoader.load(SpanContextSupplier.class, Exemplars.class.getClassLoader()).iterator();
    // Bounded: an iterator whose failure does not move it on must not loop for ever.
    for (int attempts = 0; attempts < 64; attempts++) {
      try {
        if (!providers.hasNext()) {
          return null;
        }
        return providers.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        // A provider for a tracer that is not on the class path: try the next one.
      }
    }
    return null;
  }

}
