package io.promsdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.testsupport.leakfixture.Leaky;
import org.junit.jupiter.api.Test;

class InternalTypeLeaksTest {

  @Test
  void reportsEveryPublicSignatureThatNamesAnInternalTypeAndNothingElse() {
    String hidden = "io.promsdk.testsupport.leakfixture.internal.Hidden";
    String leaky = Leaky.class.getName();
    assertThat(InternalTypeLeaks.inModuleOf(Leaky.class).found()).containsExactlyInAnyOrder(
        leaky + " implements: " + hidden,
        leaky + ".field: " + hidden,
        leaky + "(constructor) parameter: " + hidden,
        leaky + ".bound() <T>: " + hidden,
        leaky + ".bound() parameter: " + hidden,
        leaky + ".get() returns: " + hidden);
  }

  @Test
  void knowsAnInternalPackageByASegmentOfItsName() {
    assertThat(InternalTypeLeaks.isInternalPackage("io.promsdk.core.internal")).isTrue();
    assertThat(InternalTypeLeaks.isInternalPackage("io.promsdk.internal.x")).isTrue();
    assertThat(InternalTypeLeaks.isInternalPackage("io.promsdk.internals")).isFalse();
    assertThat(InternalTypeLeaks.isInternalPackage("io.promsdk.core")).isFalse();
  }
}
