package io.promsdk.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoOptionsTest {
  @Test
  void defaultsMirrorTheGuideOnLoopback() {
    assertThat(DemoOptions.parse()).isEqualTo(new DemoOptions("127.0.0.1", 8080, 5, false));
  }

  @Test
  void readsEveryFlag() {
    assertThat(DemoOptions.parse("--host", "0.0.0.0", "--port", "9100", "--interval", "2"))
        .isEqualTo(new DemoOptions("0.0.0.0", 9100, 2, false));
    assertThat(DemoOptions.parse("--help").help()).isTrue();
    assertThat(DemoOptions.parse("--port", "0").port()).isZero();
  }

  @Test
  void explainsBadCommandLines() {
    assertThatThrownBy(() -> DemoOptions.parse("--port")).hasMessage("--port needs a value");
    assertThatThrownBy(() -> DemoOptions.parse("--port", "--host")).hasMessage("--port needs a value");
    assertThatThrownBy(() -> DemoOptions.parse("--port", "70000")).hasMessageContaining("from 0 to 65535");
    assertThatThrownBy(() -> DemoOptions.parse("--interval", "0")).hasMessageContaining("from 1 to");
    assertThatThrownBy(() -> DemoOptions.parse("--verbose")).hasMessage("unknown argument: --verbose");
  }
}
