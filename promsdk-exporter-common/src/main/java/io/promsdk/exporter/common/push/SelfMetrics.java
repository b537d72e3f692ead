package io.promsdk.exporter.common.push;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * A sender's own metrics as one unit in a registry: all registered, or none. The Pushgateway
 * scheduler's {@code promsdk_push_*} and the remote writer's {@code promsdk_remote_write_*} use
 * it to put their metrics in the registry they send, and take them out again on close.
 *
 * <pre>{@code
 * SelfMetrics self = new SelfMetrics(List.of(sent, dropped), "use selfMetrics(false) for it");
 * self.register(registry);   // throws, registering nothing, if one name is taken
 * ...
 * self.unregister(registry);
 * }</pre>
 */
public final class SelfMetrics {
  private final List<Collector> all;
  private final String hint;
  private final List<Collector> registered = new ArrayList<>();

  /**
   * @param hint added to the message when a name is taken, e.g. which option avoids it
   */
  public SelfMetrics(List<? extends Collector> all, String hint) {
    this.all = List.copyOf(all);
    this.hint = hint;
  }

  /**
   * Registers every metric, or none if one name is taken.
   *
   * @throws IllegalArgumentException naming the metric taken, with the hint
   */
  public synchronized void register(CollectorRegistry registry) {
    try {
      for (Collector c : all) {
        registry.register(c);
        registered.add(c);
      }
    } catch (IllegalArgumentException e) {
      unregister(registry);
      throw new IllegalArgumentException("cannot register the sender's own metrics (" + hint + "): "
          + e.getMessage(), e);
    }
  }

  /** Unregisters what {@link #register} registered; idempotent. */
  public synchronized void unregister(CollectorRegistry registry) {
    registered.forEach(registry::unregister);
    registered.clear();
  }
}
