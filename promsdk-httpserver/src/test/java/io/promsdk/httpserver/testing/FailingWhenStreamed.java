package io.promsdk.httpserver.testing;

import io.promsdk.core.Collector;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A collector of a gauge family large enough to be streamed, failing on every second call: for a
 * streamed body that is the call that writes it (the first filled the buffer up to its limit), so
 * every scrape fails after its status was sent.
 */
public final class FailingWhenStreamed implements Collector {
  private final AtomicInteger calls = new AtomicInteger();
  private final String name;
  private final int series;

  /** A family {@code name} of {@code series} series with an {@code id} label. */
  public FailingWhenStreamed(String name, int series) {
    this.name = name;
    this.series = series;
  }

  /** How often {@link #collect} was called. */
  public int calls() {
    return calls.get();
  }

  @Override
  public Collection<? extends MetricSnapshot<?>> collect() {
    if (calls.incrementAndGet() % 2 == 0) {
      throw new IllegalStateException("the database went away");
    }
    List<GaugeSnapshot.GaugeDataPoint> points = new ArrayList<>();
    for (int i = 0; i < series; i++) {
      points.add(new GaugeSnapshot.GaugeDataPoint(i, Labels.of("id", "series-" + i)));
    }
    return List.of(new GaugeSnapshot(new MetricMetadata(name, "Fails when streamed."), points));
  }
}
