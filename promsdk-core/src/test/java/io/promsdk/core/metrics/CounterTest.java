package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.Labels;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CounterTest {
  private final CollectorRegistry registry = new CollectorRegistry();

  @Test
  void seedExampleCountsPerLabel() {
    Counter counter = Counter.builder().name("api_called_total").help("How many is the api called")
        .labelNames("inner_ip").register(registry);
    counter.labelValues("127.0.0.1").inc(3);
    counter.labelValues("10.0.0.2").inc();

    CounterSnapshot snapshot = counter.snapshot();
    assertThat(snapshot.name()).isEqualTo("api_called");
    assertThat(snapshot.metadata().help()).isEqualTo("How many is the api called");
    assertThat(snapshot.dataPoints()).extracting(d -> d.labels().get("inner_ip"), d -> d.value())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("127.0.0.1", 3.0),
            org.assertj.core.groups.Tuple.tuple("10.0.0.2", 1.0));
  }

  @Test
  void longDoubleAndFractionalIncrementsAddUp() {
    Counter counter = Counter.builder().name("bytes").build();
    counter.inc();
    counter.inc(2L);
    counter.inc(3.0);
    counter.inc(0.25);
    assertThat(counter.get()).isEqualTo(6.25);
  }

  @Test
  void nameWithoutTotalGetsNoSuffixInFamilyName() {
    assertThat(Counter.builder().name("requests").build().name()).isEqualTo("requests");
    assertThat(Counter.builder().name("requests_total").build().name()).isEqualTo("requests");
  }

  @Test
  void unitIsAppendedOnceBeforeTotal() {
    Counter c = Counter.builder().name("cpu_total").unit(io.promsdk.core.model.Unit.SECONDS).build();
    assertThat(c.name()).isEqualTo("cpu_seconds");
    Counter d = Counter.builder().name("cpu_seconds_total").unit(io.promsdk.core.model.Unit.SECONDS).build();
    assertThat(d.name()).isEqualTo("cpu_seconds");
  }

  @Test
  void negativeAndNaNIncrementsAreRefusedWithTheMetricNamed() {
    Counter counter = Counter.builder().name("jobs_total").labelNames("queue").build();
    Counter.Child child = counter.labelValues("mail");
    assertThatThrownBy(() -> child.inc(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counter 'jobs'").hasMessageContaining("queue=\"mail\"")
        .hasMessageContaining("only go up");
    assertThatThrownBy(() -> child.inc(-0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> child.inc(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThat(child.get()).isZero();
  }

  @Test
  void unlabelledShortcutOnLabelledCounterExplainsWhatToDo() {
    Counter counter = Counter.builder().name("jobs_total").labelNames("queue").build();
    assertThatThrownBy(counter::inc).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("counter 'jobs'").hasMessageContaining("[queue]")
        .hasMessageContaining("labelValues");
  }

  @Test
  void countExceptionsCountsAndRethrows() {
    Counter failures = Counter.builder().name("failures_total").build();
    assertThatThrownBy(() -> failures.countExceptions(() -> {
      throw new IllegalStateException("boom");
    })).hasMessage("boom");
    failures.countExceptions(() -> { });
    assertThatThrownBy(() -> failures.countExceptions(() -> {
      throw new AssertionError("an Error, not an exception");
    })).isInstanceOf(AssertionError.class);
    assertThat(failures.get()).isEqualTo(1);
  }

  @Test
  void countExceptionsOfATypeOnlyCountsThatType() throws Exception {
    Counter io = Counter.builder().name("io_failures_total").build();
    assertThatThrownBy(() -> io.countExceptions(IOException.class, () -> {
      throw new IOException("disk");
    })).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> io.countExceptions(IOException.class, () -> {
      throw new IllegalArgumentException("not io");
    })).isInstanceOf(IllegalArgumentException.class);
    assertThat(io.countExceptions(IOException.class, () -> 7)).isEqualTo(7);
    assertThat(io.get()).isEqualTo(1);
  }

  @Test
  void snapshotsKeepTheCreatedTimestamp() {
    // Whether _created is written is the writers' choice (ExpositionOptions); the data keeps it.
    Counter counter = Counter.builder().name("c_total").build();
    assertThat(counter.snapshot().dataPoints().get(0).createdTimestampMillis())
        .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
  }

  @Test
  void constantLabelsComeFirst() {
    Counter counter = Counter.builder().name("c_total").constLabel("env", "prod").labelNames("path").build();
    counter.labelValues("/a").inc();
    assertThat(counter.snapshot().dataPoints().get(0).labels()).isEqualTo(Labels.of("env", "prod", "path", "/a"));
  }

  @Test
  void exposedNamesCoverEverySuffix() {
    assertThat(Counter.builder().name("c_total").build().exposedNames())
        .containsExactlyInAnyOrder("c", "c_total", "c_created");
  }
}
