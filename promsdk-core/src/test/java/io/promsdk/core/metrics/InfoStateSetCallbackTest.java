package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.StateSetSnapshot.StateSetDataPoint;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InfoStateSetCallbackTest {
  enum Phase { STARTING, RUNNING, STOPPING }

  @Test
  void infoExposesTheCurrentLabels() {
    Info info = Info.builder().name("build_info").help("Build").labelNames("version", "revision").build();
    assertThat(info.name()).isEqualTo("build");
    assertThat(info.snapshot().dataPoints()).isEmpty();
    info.setLabelValues("1.0", "abc");
    info.setLabelValues("1.1", "def");
    assertThat(info.snapshot().dataPoints()).singleElement()
        .satisfies(p -> assertThat(p.labels()).isEqualTo(Labels.of("version", "1.1", "revision", "def")));
    info.addLabelValues("1.2", "ghi");
    assertThat(info.snapshot().dataPoints()).hasSize(2);
    info.remove("1.1", "def");
    assertThat(info.snapshot().dataPoints()).hasSize(1);
    info.info(Map.of("revision", "zzz", "version", "2.0"));
    assertThat(info.snapshot().dataPoints().get(0).labels()).isEqualTo(Labels.of("version", "2.0", "revision", "zzz"));
    assertThatThrownBy(() -> info.info(Map.of("version", "x"))).hasMessageContaining("info 'build'");
    assertThatThrownBy(() -> info.setLabelValues("only one")).hasMessageContaining("2 label names");
  }

  @Test
  void stateSetFromEnum() {
    StateSet phase = StateSet.builder().name("phase").states(Phase.class).build();
    phase.state(Phase.RUNNING);
    assertThat(states(phase.snapshot().dataPoints().get(0))).isEqualTo("STARTING=0 RUNNING=1 STOPPING=0");
    phase.setTrue(Phase.STOPPING);
    assertThat(states(phase.snapshot().dataPoints().get(0))).isEqualTo("STARTING=0 RUNNING=1 STOPPING=1");
    phase.setFalse("RUNNING");
    assertThat(phase.isTrue("RUNNING")).isFalse();
    assertThatThrownBy(() -> phase.setTrue("UNKNOWN")).hasMessageContaining("stateset 'phase'")
        .hasMessageContaining("unknown state 'UNKNOWN'");
  }

  @Test
  void stateSetWithManyStatesAndLabels() {
    String[] names = new String[70];
    for (int i = 0; i < names.length; i++) {
      names[i] = "s" + i;
    }
    StateSet flags = StateSet.builder().name("flags").labelNames("host").states(names).build();
    flags.labelValues("a").setTrue("s65");
    flags.labelValues("a").setTrue("s1");
    StateSetDataPoint p = flags.snapshot().dataPoints().get(0);
    for (int i = 0; i < 70; i++) {
      assertThat(p.isEnabled(i)).as("s%d", i).isEqualTo(i == 65 || i == 1);
    }
    assertThatThrownBy(() -> StateSet.builder().name("flags").labelNames("flags").states("a").build())
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> StateSet.builder().name("f").states("a", "a").build()).hasMessageContaining("twice");
    assertThatThrownBy(() -> StateSet.builder().name("f").build()).hasMessageContaining("at least one state");
  }

  @Test
  void callbacksAreReadAtScrapeTime() {
    CollectorRegistry registry = new CollectorRegistry();
    AtomicInteger depth = new AtomicInteger(3);
    GaugeWithCallback g = GaugeWithCallback.builder().name("queue_depth").valueFrom(depth::get).register(registry);
    assertThat(g.snapshot().dataPoints().get(0).value()).isEqualTo(3);
    depth.set(7);
    assertThat(g.snapshot().dataPoints().get(0).value()).isEqualTo(7);

    CounterWithCallback c = CounterWithCallback.builder().name("pool_tasks_total").labelNames("pool")
        .callback(cb -> {
          cb.call(10, "io");
          cb.call(20, "cpu");
        }).register(registry);
    assertThat(c.name()).isEqualTo("pool_tasks");
    assertThat(c.snapshot().dataPoints()).extracting(p -> p.labels().get("pool")).containsExactly("io", "cpu");
    assertThat(registry.collect().size()).isEqualTo(2);
  }

  @Test
  void badCallbacksFailTheScrapeWithAClearMessage() {
    CounterWithCallback negative = CounterWithCallback.builder().name("c").valueFrom(() -> -1).build();
    assertThatThrownBy(negative::snapshot).hasMessageContaining("counter 'c'").hasMessageContaining("negative");
    GaugeWithCallback wrong = GaugeWithCallback.builder().name("g").labelNames("a").callback(cb -> cb.call(1)).build();
    assertThatThrownBy(wrong::snapshot).hasMessageContaining("gauge 'g'").hasMessageContaining("[a]");
    assertThatThrownBy(() -> GaugeWithCallback.builder().name("g").build()).hasMessageContaining("callback is required");
  }

  private static String states(StateSetDataPoint p) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < p.size(); i++) {
      sb.append(i == 0 ? "" : " ").append(p.name(i)).append('=').append(p.isEnabled(i) ? 1 : 0);
    }
    return sb.toString();
  }
}
