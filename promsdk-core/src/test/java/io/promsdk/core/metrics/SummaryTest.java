package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.model.SummarySnapshot.SummaryDataPoint;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SummaryTest {

  @Test
  void seedSampleQuantilesMatchTheOfficialJavaClient() {
    Summary s = Summary.builder().name("task_time_summary").help("task time summary")
        .quantile(0.5, 0.05).quantile(0.9, 0.01).quantile(0.99, 0.001).build();
    for (double v : new double[] {0.5, 1.5, 1.7, 2.5, 3.5, 4.5, 5.5, 2.2, 0.9, 3.3}) {
      s.observe(v);
    }
    SummaryDataPoint p = s.snapshot().dataPoints().get(0);
    assertThat(p.count()).isEqualTo(10);
    assertThat(p.sum()).isEqualTo(26.099999999999998);
    assertThat(p.quantiles().size()).isEqualTo(3);
    assertThat(p.quantiles().quantile(0)).isEqualTo(0.5);
    assertThat(p.quantiles().value(0)).isEqualTo(2.2);
    assertThat(p.quantiles().value(1)).isEqualTo(4.5);
    assertThat(p.quantiles().value(2)).isEqualTo(5.5);
  }

  @Test
  void nanIsIgnored() {
    Summary s = Summary.builder().name("s").quantile(0.5, 0.05).build();
    s.observe(Double.NaN);
    s.observe(2);
    SummaryDataPoint p = s.snapshot().dataPoints().get(0);
    assertThat(p.count()).isEqualTo(1);
    assertThat(p.sum()).isEqualTo(2);
    assertThat(p.quantiles().value(0)).isEqualTo(2);
  }

  @Test
  void withoutQuantilesOnlyCountAndSum() {
    Summary s = Summary.builder().name("s").build();
    s.observe(1);
    s.observe(2);
    SummaryDataPoint p = s.snapshot().dataPoints().get(0);
    assertThat(p.quantiles().size()).isZero();
    assertThat(p.count()).isEqualTo(2);
    assertThat(p.sum()).isEqualTo(3);
  }

  @Test
  void quantilesAreSortedWhateverTheOrderGiven() {
    Summary s = Summary.builder().name("s").quantile(0.99, 0.001).quantile(0.5, 0.05).build();
    SummaryDataPoint p = s.snapshot().dataPoints().get(0);
    assertThat(p.quantiles().quantile(0)).isEqualTo(0.5);
    assertThat(p.quantiles().value(0)).isNaN(); // no observations yet
  }

  @Test
  void labelledChildrenAndTimers() throws Exception {
    Summary s = Summary.builder().name("rpc_seconds").labelNames("method").quantile(0.5, 0.05).build();
    s.labelValues("get").observe(1);
    s.labelValues("get").time(() -> { });
    assertThat(s.labelValues("put").timeChecked(() -> 5)).isEqualTo(5);
    assertThat(s.snapshot().dataPoints()).extracting(SummaryDataPoint::count).containsExactly(2L, 1L);
  }

  @Test
  void badConfigurationIsRefusedWithTheMetricNamed() {
    assertThatThrownBy(() -> Summary.builder().quantile(0.5, 0.05).name("late").quantile(2, 0.1).build())
        .hasMessageContaining("summary 'late'").hasMessageContaining("quantile 2.0");
    assertThatThrownBy(() -> Summary.builder().name("latency").quantile(0, 0.01).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("summary 'latency'")
        .hasMessageContaining("outside (0, 1)");
    assertThatThrownBy(() -> Summary.builder().name("latency").quantile(1, 0.01).build()).hasMessageContaining("outside");
    assertThatThrownBy(() -> Summary.builder().name("latency").quantile(1.5, 0.01).build()).hasMessageContaining("outside");
    assertThatThrownBy(() -> Summary.builder().name("latency").quantile(0.5, 0).build()).hasMessageContaining("error");
    assertThatThrownBy(() -> Summary.builder().name("latency").quantile(0.5, 0.1).quantile(0.5, 0.01).build())
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> Summary.builder().name("latency").maxAge(Duration.ZERO).build()).hasMessageContaining("maxAge");
    assertThatThrownBy(() -> Summary.builder().name("latency").ageBuckets(0).build()).hasMessageContaining("ageBuckets");
    assertThatThrownBy(() -> Summary.builder().name("latency").labelNames("quantile").build())
        .hasMessageContaining("'quantile'").hasMessageContaining("reserved");
  }
}
