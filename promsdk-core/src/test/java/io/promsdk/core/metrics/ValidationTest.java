package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.model.Names;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ValidationTest {

  @Test
  void invalidMetricNamesAreRefusedWithTheRule() {
    for (String bad : new String[] {"1abc", "a-b", "a b", "é", "a.b"}) {
      assertThatThrownBy(() -> Gauge.builder().name(bad).build())
          .as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'").hasMessageContaining("[a-zA-Z_:]");
    }
    assertThatThrownBy(() -> Gauge.builder().name("").build()).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> Gauge.builder().build()).hasMessageContaining("name is required");
  }

  @Test
  void invalidAndReservedLabelNamesAreRefused() {
    assertThatThrownBy(() -> Gauge.builder().name("g").labelNames("a:b").build())
        .hasMessageContaining("gauge 'g'").hasMessageContaining("'a:b'").hasMessageContaining("[a-zA-Z_]");
    assertThatThrownBy(() -> Gauge.builder().name("g").labelNames("__name__").build())
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> Gauge.builder().name("g").labelNames("a", "a").build())
        .hasMessageContaining("given twice");
    assertThatThrownBy(() -> Gauge.builder().name("g").constLabel("a", "1").labelNames("a").build())
        .hasMessageContaining("given twice");
  }

  @Property(tries = 500)
  void metricNameRuleMatchesTheSpecRegex(@ForAll("names") String name) {
    boolean expected = name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
    assertThat(Names.isValidMetricName(name)).isEqualTo(expected);
    if (expected) {
      assertThat(Gauge.builder().name(name).build().name()).isEqualTo(name);
    } else {
      assertThatThrownBy(() -> Gauge.builder().name(name).build()).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Property(tries = 500)
  void labelNameRuleMatchesTheSpecRegex(@ForAll("names") String name) {
    boolean expected = name.matches("[a-zA-Z_][a-zA-Z0-9_]*") && !name.startsWith("__");
    assertThat(Names.isValidLabelName(name)).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withChars("aZ_:09-. é_").ofMinLength(0).ofMaxLength(6);
  }
}
