package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.model.Names;
import io.promsdk.testsupport.Draw;
import io.promsdk.testsupport.Seeded;
import java.util.Random;
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

  @Test
  void metricNameRuleMatchesTheSpecRegex() {
    Seeded.check(500, random -> {
      String name = name(random);
      boolean expected = name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
      assertThat(Names.isValidMetricName(name)).as("'%s'", name).isEqualTo(expected);
      if (expected) {
        assertThat(Gauge.builder().name(name).build().name()).isEqualTo(name);
      } else {
        assertThatThrownBy(() -> Gauge.builder().name(name).build()).as("'%s'", name)
            .isInstanceOf(IllegalArgumentException.class);
      }
    });
  }

  @Test
  void labelNameRuleMatchesTheSpecRegex() {
    Seeded.check(500, random -> {
      String name = name(random);
      boolean expected = name.matches("[a-zA-Z_][a-zA-Z0-9_]*") && !name.startsWith("__");
      assertThat(Names.isValidLabelName(name)).as("'%s'", name).isEqualTo(expected);
    });
  }

  /** Short names from characters on both sides of the rules. */
  private static String name(Random random) {
    return Draw.of(random, "aZ_:09-. é_", 0, 6);
  }
}
