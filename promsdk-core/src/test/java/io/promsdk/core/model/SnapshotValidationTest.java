package io.promsdk.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.StateSetSnapshot.StateSetDataPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshots built by custom collectors are checked as strictly as metrics. */
class SnapshotValidationTest {

  @Test
  void counterFamilyNameHasNoTotalAndValuesAreNotNegativeOrNaN() {
    assertThatThrownBy(() -> new CounterSnapshot(new MetricMetadata("x_total", ""), List.of()))
        .hasMessageContaining("without the _total suffix");
    assertThatThrownBy(() -> new CounterDataPoint(Double.NaN, Labels.EMPTY)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> new CounterDataPoint(-1, Labels.EMPTY)).hasMessageContaining("negative");
  }

  @Test
  void infoFamilyNameHasNoInfoSuffix() {
    assertThatThrownBy(() -> new InfoSnapshot(new MetricMetadata("build_info", ""), List.of()))
        .hasMessageContaining("without the _info suffix");
  }

  @Test
  void stateSetNameMustBeALabelNameAndStatesUnique() {
    assertThatThrownBy(() -> new StateSetSnapshot(new MetricMetadata("a:b", ""), List.of()))
        .hasMessageContaining("[a-zA-Z_]");
    assertThatThrownBy(() -> new StateSetDataPoint(new String[] {"x", "x"}, new boolean[2], Labels.EMPTY))
        .hasMessageContaining("twice");
  }

  @Test
  void duplicateSeriesInAFamilyAreRefused() {
    CounterSnapshot twice = new CounterSnapshot(new MetricMetadata("c", ""),
        List.of(new CounterDataPoint(1, Labels.of("a", "1")), new CounterDataPoint(2, Labels.of("a", "1"))));
    assertThatThrownBy(twice::checkUniqueLabels).hasMessageContaining("two data points");
    io.promsdk.core.CollectorRegistry registry = new io.promsdk.core.CollectorRegistry();
    registry.register(() -> List.of(twice));
    assertThatThrownBy(registry::collect).hasMessageContaining("two data points").hasMessageContaining("collector");
  }

  @Test
  void labelsRefuseUnencodableValuesAndOddPairs() {
    assertThatThrownBy(() -> Labels.of("a", "x\uD800y")).hasMessageContaining("unpaired surrogate");
    assertThat(Labels.of("a", "\uD83D\uDE00").get("a")).isEqualTo("\uD83D\uDE00");
    assertThatThrownBy(() -> Labels.of("a")).hasMessageContaining("odd number");
    assertThatThrownBy(() -> Labels.of("a", "1", "a", "2")).hasMessageContaining("duplicate");
    assertThatThrownBy(() -> Labels.of("__x", "1")).hasMessageContaining("not a valid label name");
    assertThatThrownBy(() -> Labels.of("a", null)).isInstanceOf(NullPointerException.class).hasMessageContaining("'a'");
  }

  @Test
  void bucketsAndQuantilesAreChecked() {
    assertThatThrownBy(() -> ClassicBuckets.of(new double[] {1, 2}, new long[] {1, 2}))
        .hasMessageContaining("+Inf");
    assertThatThrownBy(() -> ClassicBuckets.of(new double[] {1, Double.POSITIVE_INFINITY}, new long[] {2, 1}))
        .hasMessageContaining("cumulative");
    assertThatThrownBy(() -> Quantiles.of(new double[] {0.9, 0.5}, new double[2])).hasMessageContaining("ascending");
  }
}
