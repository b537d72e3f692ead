package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A counter past Long.MAX_VALUE is written as the double it is, streamed or snapshotted. */
class CounterOverflowExpositionTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"PrometheusText0.0.4", "OpenMetricsText1.0.0"})
  void counterPastLongMaxValueIsWrittenAsTwoToThe63(String formatName) throws IOException {
    ExpositionFormat format = List.of(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.OPENMETRICS_TEXT)
        .stream().filter(f -> f.name().equals(formatName)).findFirst().orElseThrow();
    CollectorRegistry registry = new CollectorRegistry();
    Counter big = Counter.builder().name("big_total").help("Big.").register(registry);
    big.inc(Long.MAX_VALUE);
    big.inc(1);

    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    format.write(streamed, registry);
    String text = streamed.toString(StandardCharsets.UTF_8);
    // Double.toString's rendering, which Go's ParseFloat reads back as exactly 2^63.
    assertThat(text).contains("\nbig_total 9.223372036854776E18\n");
    assertThat(Double.parseDouble("9.223372036854776E18")).isEqualTo(0x1p63);
    assertThat(Expositions.write(format, registry.collect())).isEqualTo(text);
  }
}
