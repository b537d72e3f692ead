package io.promsdk.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.MetricType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryAccessTest {

  @Test
  void reachesTheRegistrysStreamingCollection() {
    CollectorRegistry registry = new CollectorRegistry();
    Counter counter = Counter.builder().name("jobs").help("h").register(registry);
    List<FamilyView> families = new ArrayList<>();
    RegistryAccess.collect(registry, new FamilyConsumer() {
      @Override
      public boolean wants(String name, MetricType type) {
        return true;
      }

      @Override
      public void family(FamilyView family, Collector from) {
        families.add(family);
      }
    });
    assertThat(families).containsExactly(counter); // live, not a snapshot
    assertThat(RegistryAccess.collectorFailures(registry)).isNull();
  }

  @Test
  void theRegistryKeepsItsNonApiOperationsOutOfItsPublicMethods() {
    assertThat(Arrays.stream(CollectorRegistry.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()))
        .map(Method::getName))
        .doesNotContain("reportLeftOut", "collectorFailures")
        .contains("collect", "register");
    assertThat(Arrays.stream(CollectorRegistry.class.getMethods())
        .flatMap(m -> Arrays.stream(m.getParameterTypes())))
        .doesNotContain(FamilyConsumer.class);
  }

  @Test
  void nobodyButTheRegistryInstallsItsOperations() {
    RegistryAccess.Operations foreign = new RegistryAccess.Operations() {
      @Override
      public void collect(CollectorRegistry registry, FamilyConsumer consumer) {}

      @Override
      public void reportLeftOut(CollectorRegistry registry, Collector collector, RuntimeException failure) {}

      @Override
      public Collector collectorFailures(CollectorRegistry registry) {
        return null;
      }

      @Override
      public void countCardinalityLimit(CollectorRegistry registry, Collector metric, String name,
          java.util.function.LongSupplier refusedLabelSets) {}
    };
    new CollectorRegistry(); // installed by now, whatever the test order
    assertThatThrownBy(() -> RegistryAccess.install(foreign))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only CollectorRegistry");
  }
}
