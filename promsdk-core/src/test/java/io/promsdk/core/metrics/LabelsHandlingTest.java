package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.HistogramDataPointView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LabelsHandlingTest {

  @Test
  void sameValuesGiveTheSameChildForEveryArity() {
    Counter one = Counter.builder().name("a_total").labelNames("x").build();
    Counter two = Counter.builder().name("b_total").labelNames("x", "y").build();
    Counter three = Counter.builder().name("c_total").labelNames("x", "y", "z").build();
    Counter four = Counter.builder().name("d_total").labelNames("w", "x", "y", "z").build();
    assertThat(one.labelValues("1")).isSameAs(one.labelValues(new String("1")));
    assertThat(two.labelValues("1", "2")).isSameAs(two.labelValues(new String[] {"1", "2"}));
    assertThat(three.labelValues("1", "2", "3")).isSameAs(three.labelValues(new String[] {"1", "2", "3"}));
    assertThat(four.labelValues("1", "2", "3", "4")).isSameAs(four.labelValues("1", "2", "3", "4"));
    assertThat(four.labelValues("1", "2", "3", "4")).isNotSameAs(four.labelValues("1", "2", "3", "5"));
  }

  @Test
  void streamedSeriesPairTheMetricsNamesWithEachChildsValues() throws Exception {
    Histogram h = Histogram.builder().name("latency_seconds").constLabel("env", "prod")
        .labelNames("method", "path").buckets(1).build();
    h.labelValues("GET", "/a").observe(0.5);
    h.labelValues("POST", "/b\"c").observe(2);
    String[] callerValues = {"PUT", "/d"};
    h.labelValues(callerValues).observe(3);
    callerValues[0] = "changed"; // the child keeps its own copy

    List<String> seen = new ArrayList<>();
    List<io.promsdk.core.model.Labels> labels = new ArrayList<>();
    h.forEachDataPoint(new DataPointVisitor() {
      @Override
      public void dataPoint(DataPointView p) {
        throw new AssertionError("a histogram's data point passed without its type");
      }

      @Override
      public void histogram(HistogramDataPointView s) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < s.labelCount(); i++) {
          line.append(s.labelName(i)).append('=').append(s.labelValue(i)).append(' ');
        }
        seen.add(line.append(s.count()).toString());
        labels.add(s.labels());
      }
    });

    assertThat(seen).containsExactly("env=prod method=GET path=/a 1", "env=prod method=POST path=/b\"c 1",
        "env=prod method=PUT path=/d 1");
    assertThat(labels).containsExactly(
        io.promsdk.core.model.Labels.of("env", "prod", "method", "GET", "path", "/a"),
        io.promsdk.core.model.Labels.of("env", "prod", "method", "POST", "path", "/b\"c"),
        io.promsdk.core.model.Labels.of("env", "prod", "method", "PUT", "path", "/d"));
    assertThat(h.snapshot().dataPoints()).extracting(p -> p.labels()).containsExactlyElementsOf(labels);
  }

  @Test
  void everyArityKeepsItsValuesBesideTheConstantLabels() throws Exception {
    for (int arity = 0; arity <= 5; arity++) {
      String[] names = new String[arity];
      String[] values = new String[arity];
      for (int i = 0; i < arity; i++) {
        names[i] = "l" + i;
        values[i] = "v" + i;
      }
      Gauge g = Gauge.builder().name("g" + arity).constLabel("c", "k").labelNames(names).build();
      g.labelValues(values).set(arity);
      if (arity > 0) {
        values[0] = "changed"; // the child keeps its own copy
      }
      List<String> seen = new ArrayList<>();
      g.forEachDataPoint(s -> {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < s.labelCount(); i++) {
          line.append(s.labelName(i)).append('=').append(s.labelValue(i)).append(',');
        }
        seen.add(line.toString());
      });
      StringBuilder expected = new StringBuilder("c=k,");
      for (int i = 0; i < arity; i++) {
        expected.append("l").append(i).append("=v").append(i).append(',');
      }
      assertThat(seen).as("arity %d", arity).containsExactly(expected.toString());
      assertThat(g.snapshot().dataPoints().get(0).labels().toString())
          .isEqualTo("{" + expected.toString().replaceAll("=([^,]*),", "=\"$1\",").replaceAll(",$", "") + "}");
    }
  }

  @Test
  void aLabelIndexPastTheEndIsAnIndexErrorNotANullValue() throws Exception {
    for (int arity = 1; arity <= 3; arity++) {
      String[] names = new String[arity];
      for (int i = 0; i < arity; i++) {
        names[i] = "l" + i;
      }
      Gauge g = Gauge.builder().name("g" + arity).constLabel("c", "k").labelNames(names).build();
      g.labelValues(names).set(1);
      int count = arity + 1;
      List<Throwable> errors = new ArrayList<>();
      g.forEachDataPoint(s -> {
        assertThat(s.labelCount()).isEqualTo(count);
        for (int past : new int[] {count, count + 1, -1}) {
          errors.add(catchThrowable(() -> s.labelValue(past)));
        }
      });
      assertThat(errors).as("arity %d", arity).hasSize(3)
          .allSatisfy(e -> assertThat(e).isInstanceOf(IndexOutOfBoundsException.class));
    }
  }

  @Test
  void aValueThatCannotBeEncodedIsRefusedWithItsLabelNamedAndNoSeriesIsCreated() {
    Counter c = Counter.builder().name("c_total").labelNames("a", "b").build();
    assertThatThrownBy(() -> c.labelValues("ok", "\uD800"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'b'")
        .hasMessageContaining("surrogate");
    assertThat(c.snapshot().dataPoints()).isEmpty();
  }

  @Test
  void manySeriesKeepInsertionOrderAndSurviveGrowth() {
    Counter c = Counter.builder().name("many_total").labelNames("i").build();
    for (int i = 0; i < 5000; i++) {
      c.labelValues(Integer.toString(i)).inc(i);
    }
    List<CounterDataPoint> points = c.snapshot().dataPoints();
    assertThat(points).hasSize(5000);
    for (int i = 0; i < 5000; i++) {
      assertThat(points.get(i).labels().get("i")).isEqualTo(Integer.toString(i));
      assertThat(points.get(i).value()).isEqualTo(i);
      assertThat(c.labelValues(Integer.toString(i)).get()).isEqualTo(i);
    }
  }

  @Test
  void wrongNumberOfValuesNamesMetricAndLabels() {
    Counter c = Counter.builder().name("api_called_total").labelNames("inner_ip").build();
    assertThatThrownBy(() -> c.labelValues("a", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counter 'api_called'").hasMessageContaining("[inner_ip]")
        .hasMessageContaining("2 label values");
    assertThatThrownBy(() -> c.labelValues()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.labelValues("a", "b", "c", "d")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullValueNamesTheLabel() {
    Counter c = Counter.builder().name("x_total").labelNames("a", "b").build();
    assertThatThrownBy(() -> c.labelValues("1", null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("'b'").hasMessageContaining("'x'");
    Counter four = Counter.builder().name("y_total").labelNames("a", "b", "c", "d").build();
    assertThatThrownBy(() -> four.labelValues("1", "2", null, "4")).hasMessageContaining("'c'");
  }

  @Test
  void removeRemoveIfClearAndInit() {
    Gauge g = Gauge.builder().name("g").labelNames("k").build();
    g.initLabelValues("a");
    g.labelValues("b").set(2);
    g.labelValues("c").set(3);
    assertThat(labels(g)).containsExactly("a", "b", "c");
    g.remove("b");
    assertThat(labels(g)).containsExactly("a", "c");
    g.removeIf(values -> values.get(0).equals("a"));
    assertThat(labels(g)).containsExactly("c");
    assertThat(g.labelValues("c").get()).isEqualTo(3);
    g.labelValues("d").set(1);
    g.clear();
    assertThat(labels(g)).isEmpty();
    g.labelValues("c").inc();
    assertThat(g.labelValues("c").get()).isEqualTo(1); // a new series starts from zero
  }

  @Test
  void theSingleSeriesOfAnUnlabelledMetricCannotBeRemoved() {
    Counter c = Counter.builder().name("solo_total").build();
    c.inc();
    assertThatThrownBy(c::remove).isInstanceOf(IllegalStateException.class).hasMessageContaining("no labels");
    c.removeIf(values -> true);
    c.clear();
    assertThat(c.snapshot().dataPoints()).singleElement().satisfies(p -> assertThat(p.value()).isEqualTo(1));
  }

  @Test
  void nullChecksOnEveryArity() {
    Counter one = Counter.builder().name("one_total").labelNames("a").build();
    Counter three = Counter.builder().name("three_total").labelNames("a", "b", "c").build();
    assertThatThrownBy(() -> one.labelValues((String) null)).hasMessageContaining("'a' is null");
    assertThatThrownBy(() -> three.labelValues("1", "2", null)).hasMessageContaining("'c' is null");
    assertThatThrownBy(() -> Counter.builder().name("n_total").labelNames("a", null).build())
        .hasMessageContaining("must not be null");
    assertThatThrownBy(() -> three.labelValues((String[]) null)).hasMessageContaining("three").hasMessageContaining("is null");
    Counter four = Counter.builder().name("four_total").labelNames("a", "b", "c", "d").build();
    four.labelValues("1", "2", "3", "4").inc();
    assertThatThrownBy(() -> four.remove("1", "2", null, "4")).hasMessageContaining("'c' is null");
    assertThatThrownBy(() -> four.remove((String[]) null)).hasMessageContaining("is null");
    assertThat(four.snapshot().dataPoints()).hasSize(1); // nothing removed by the refused calls
  }

  @Test
  void concurrentCreationYieldsOneChildPerValue() throws Exception {
    Counter c = Counter.builder().name("race_total").labelNames("k").build();
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < 2000; i++) {
          c.labelValues(Integer.toString(i % 500)).inc();
        }
        return null;
      }));
    }
    start.countDown();
    for (var f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    List<CounterDataPoint> points = c.snapshot().dataPoints();
    assertThat(points).hasSize(500);
    assertThat(points).allSatisfy(p -> assertThat(p.value()).isEqualTo(threads * 4.0));
    ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
    points.forEach(p -> assertThat(seen.put(p.labels().get("k"), true)).isNull());
  }

  private static List<String> labels(Gauge g) {
    return g.snapshot().dataPoints().stream().map(d -> d.labels().get("k")).toList();
  }
}
