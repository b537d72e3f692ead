package io.promsdk.instrumentation.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.testsupport.Promtool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** promtool ({@code check metrics}: parse and lint) on a text scrape of every group. */
@Tag("peers")
class JvmMetricsPromtoolTest {

  @Test
  void promtoolAcceptsEveryGroupWithoutLintProblems() {
    CollectorRegistry registry = new CollectorRegistry();
    JvmMetrics.builder().register(registry);

    Promtool.Result result = Promtool.checkMetrics(Scrapes.text(registry));

    assertThat(result.parseError()).as(result.output()).isEmpty();
    assertThat(result.lintProblems()).as(result.output()).isEmpty();
  }
}
