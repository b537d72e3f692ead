package io.promsdk.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.internal.FamilyConsumer;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every collector is collected through a sink: a custom one may put live families there, which
 * reach a writer unread, exactly as promsdk's own metrics do, next to collected snapshots.
 */
class FamilySinkTest {

  /** Puts an unregistered gauge (live) and one collected snapshot into the sink. */
  private static final class Mixed implements Collector {
    final Gauge live = Gauge.builder().name("live").build();

    @Override
    public Collection<? extends MetricSnapshot<?>> collect() {
      throw new AssertionError("collect(FamilySink) is overridden, so the registry never calls this");
    }

    @Override
    public void collect(FamilySink sink) {
      sink.family(live);
      sink.collected(new GaugeSnapshot(new MetricMetadata("collected", ""),
          List.of(new GaugeDataPoint(2, Labels.EMPTY))));
    }
  }

  @Test
  void liveFamiliesReachTheConsumerUnreadAndTheSnapshotApiAsValues() {
    CollectorRegistry registry = new CollectorRegistry();
    Mixed mixed = new Mixed();
    mixed.live.set(1);
    registry.register(mixed);
    Gauge own = Gauge.builder().name("own").register(registry);

    List<FamilyView> families = new ArrayList<>();
    List<Collector> owners = new ArrayList<>();
    registry.collect(new FamilyConsumer() {
      @Override
      public boolean wants(String name, MetricType type) {
        return true;
      }

      @Override
      public void family(FamilyView family, Collector from) {
        families.add(family);
        owners.add(from);
      }
    });

    assertThat(families).extracting(FamilyView::name).containsExactly("live", "collected", "own");
    assertThat(families.get(0)).isSameAs(mixed.live);
    assertThat(families.get(2)).isSameAs(own);
    assertThat(owners).containsExactly(mixed, mixed, own);
    assertThat(registry.collect().get(0).dataPoints())
        .extracting(d -> ((GaugeDataPoint) d).value()).containsExactly(1.0);
  }
}
