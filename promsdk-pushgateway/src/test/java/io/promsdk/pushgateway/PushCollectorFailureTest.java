package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.exposition.ExpositionOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A push body leaves a failing collector out by default, and fails the push when strict. */
@Tag("peers")
class PushCollectorFailureTest {
  private Recorder recorder;
  private CollectorRegistry registry;

  @BeforeEach
  void setUp() throws IOException {
    recorder = new Recorder();
    registry = new CollectorRegistry();
    Counter.builder().name("api_called_total").help("How many is the api called").register(registry).inc(3);
    registry.register(new Collector() {
      @Override
      public List<MetricSnapshot<?>> collect() {
        throw new IllegalStateException("the cache is gone");
      }

      @Override
      public String toString() {
        return "cache-stats";
      }
    });
  }

  @AfterEach
  void tearDown() {
    recorder.close();
  }

  private PushGateway.Builder gateway() {
    return PushGateway.builder().address(recorder.hostPort()).job("my_job").registry(registry)
        .requestTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(2));
  }

  @Test
  void theBodyHasEverythingButTheFailingCollector() throws IOException {
    gateway().build().push();

    assertThat(recorder.requests()).singleElement().satisfies(r -> assertThat(r.body())
        .contains("api_called_total 3.0\n")
        .contains("promsdk_collector_failures_total{collector=\"cache-stats\"} 1.0\n")
        .doesNotContain("the cache is gone"));
  }

  @Test
  void strictPushesFailBeforeSendingAnything() {
    PushGateway strict = gateway()
        .expositionOptions(ExpositionOptions.builder().strictCollectors(true).build()).build();

    assertThatThrownBy(strict::push).isInstanceOf(CollectorRegistry.CollectionException.class)
        .hasMessageContaining("cache-stats");
    assertThat(recorder.requests()).isEmpty();
  }
}
