package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.model.CounterDataPointView;
import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.GaugeDataPointView;
import io.promsdk.core.model.HistogramDataPointView;
import io.promsdk.core.model.InfoDataPointView;
import io.promsdk.core.model.StateSetDataPointView;
import io.promsdk.core.model.SummaryDataPointView;
import io.promsdk.core.model.UnknownDataPointView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A metric's live series and its snapshot's data points are read through the same per-type views:
 * each family hands every data point to the visitor method of its type, and what a writer reads
 * live is what the snapshot holds.
 */
class DataPointViewsTest {

  /** Records each visit as "method labels values...", whichever kind of view it gets. */
  private static final class Recorder implements DataPointVisitor {
    final List<String> lines = new ArrayList<>();

    private void add(String method, DataPointView p, Object... values) {
      StringBuilder line = new StringBuilder(method).append(' ').append(p.labels());
      for (Object v : values) {
        line.append(' ').append(v);
      }
      lines.add(line.append(" created=").append(p.hasCreatedTimestamp()).toString());
    }

    @Override
    public void dataPoint(DataPointView p) {
      add("untyped", p);
    }

    @Override
    public void counter(CounterDataPointView p) {
      add("counter", p, p.value());
    }

    @Override
    public void gauge(GaugeDataPointView p) {
      add("gauge", p, p.value());
    }

    @Override
    public void unknown(UnknownDataPointView p) {
      add("unknown", p, p.value());
    }

    @Override
    public void info(InfoDataPointView p) {
      add("info", p);
    }

    @Override
    public void histogram(HistogramDataPointView p) {
      StringBuilder buckets = new StringBuilder();
      for (int i = 0; i < p.bucketCount(); i++) {
        buckets.append(p.upperBound(i)).append(':').append(p.cumulativeCount(i)).append(',');
      }
      add("histogram", p, p.count(), p.sum(), buckets);
    }

    @Override
    public void summary(SummaryDataPointView p) {
      StringBuilder quantiles = new StringBuilder();
      for (int i = 0; i < p.quantileCount(); i++) {
        quantiles.append(p.quantile(i)).append(':').append(p.quantileValue(i)).append(',');
      }
      add("summary", p, p.count(), p.sum(), quantiles);
    }

    @Override
    public void stateSet(StateSetDataPointView p) {
      StringBuilder states = new StringBuilder();
      for (int i = 0; i < p.stateCount(); i++) {
        states.append(p.stateName(i)).append('=').append(p.isStateEnabled(i)).append(',');
      }
      add("stateSet", p, states);
    }
  }

  private static List<String> visit(FamilyView family) throws IOException {
    Recorder r = new Recorder();
    family.forEachDataPoint(r);
    return r.lines;
  }

  private static void assertLiveEqualsSnapshot(Metric metric, String... expected) throws IOException {
    assertThat(visit(metric)).as("live %s", metric).containsExactly(expected);
    assertThat(visit(metric.snapshot())).as("snapshot of %s", metric).containsExactly(expected);
  }

  @Test
  void everyTypeIsVisitedThroughItsOwnViewLiveAndInItsSnapshot() throws IOException {
    Counter counter = Counter.builder().name("c_total").labelNames("a").build();
    counter.labelValues("x").inc(2);
    assertLiveEqualsSnapshot(counter, "counter {a=\"x\"} 2.0 created=true");

    Gauge gauge = Gauge.builder().name("g").constLabel("k", "v").build();
    gauge.set(-1.5);
    assertLiveEqualsSnapshot(gauge, "gauge {k=\"v\"} -1.5 created=false");

    Histogram histogram = Histogram.builder().name("h").buckets(1, 2).build();
    histogram.observe(1.5);
    assertLiveEqualsSnapshot(histogram, "histogram {} 1 1.5 1.0:0,2.0:1,Infinity:1, created=true");

    Summary summary = Summary.builder().name("s").quantile(0.5, 0.01).labelNames("a").build();
    summary.labelValues("y").observe(3);
    assertLiveEqualsSnapshot(summary, "summary {a=\"y\"} 1 3.0 0.5:3.0, created=true");

    StateSet states = StateSet.builder().name("st").states("on", "off").build();
    states.setTrue("off");
    assertLiveEqualsSnapshot(states, "stateSet {} on=false,off=true, created=false");

    Info info = Info.builder().name("build").labelNames("version").build();
    info.setLabelValues("1.0");
    assertLiveEqualsSnapshot(info, "info {version=\"1.0\"} created=false");

    GaugeWithCallback callback = GaugeWithCallback.builder().name("cb").valueFrom(() -> 7).build();
    assertLiveEqualsSnapshot(callback, "gauge {} 7.0 created=false");
  }

  @Test
  void aVisitorOfAnyDataPointReadsLabelsOfEveryFamilyAsALambda() throws IOException {
    Histogram histogram = Histogram.builder().name("h").labelNames("m").build();
    histogram.labelValues("GET").observe(1);
    histogram.labelValues("PUT").observe(1);
    List<String> values = new ArrayList<>();
    histogram.forEachDataPoint(p -> values.add(p.labelValue(0)));
    assertThat(values).containsExactly("GET", "PUT");
  }
}
