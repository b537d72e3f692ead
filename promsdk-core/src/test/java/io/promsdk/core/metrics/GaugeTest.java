package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaugeTest {

  @Test
  void setIncDec() {
    Gauge g = Gauge.builder().name("cpu_usage").help("cpu").build();
    g.set(0.5);
    g.inc();
    g.inc(2.5);
    g.dec();
    g.dec(0.5);
    assertThat(g.get()).isEqualTo(2.5);
    assertThat(g.snapshot().dataPoints().get(0).value()).isEqualTo(2.5);
  }

  @Test
  void specialValuesAreKept() {
    Gauge g = Gauge.builder().name("g").build();
    g.set(Double.NaN);
    assertThat(g.get()).isNaN();
    g.set(Double.NEGATIVE_INFINITY);
    assertThat(g.get()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void setToCurrentTimeIsSecondsSinceEpoch() {
    Gauge g = Gauge.builder().name("last_run_timestamp_seconds").build();
    g.setToCurrentTime();
    assertThat(g.get()).isCloseTo(System.currentTimeMillis() / 1000.0, within(60.0));
  }

  @Test
  void trackInProgressIncrementsWhileOpenAndClosesOnce() {
    Gauge g = Gauge.builder().name("in_progress").build();
    Gauge.InProgress handle = g.trackInProgress();
    assertThat(g.get()).isEqualTo(1);
    handle.close();
    handle.close();
    assertThat(g.get()).isZero();
    g.trackInProgress(() -> assertThat(g.get()).isEqualTo(1));
    assertThat(g.get()).isZero();
  }

  @Test
  void timersSetTheGaugeToTheDuration() throws Exception {
    Gauge g = Gauge.builder().name("last_duration_seconds").build();
    g.time(() -> sleep(20));
    assertThat(g.get()).isBetween(0.015, 5.0);
    assertThat(g.timeChecked(() -> "x")).isEqualTo("x");
    assertThat(g.get()).isLessThan(0.015);
  }

  @Test
  void concurrentIncrementsAreNotLost() throws Exception {
    Gauge g = Gauge.builder().name("g").build();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 100_000; i++) {
          g.inc();
          g.dec(0.5);
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(g.get()).isEqualTo(200_000.0);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
