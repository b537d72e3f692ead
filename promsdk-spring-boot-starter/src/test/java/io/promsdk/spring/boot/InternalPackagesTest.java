package io.promsdk.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.testsupport.InternalTypeLeaks;
import org.junit.jupiter.api.Test;

/**
 * No public signature of this module's API names a type of a package called {@code internal}, so
 * users never need one (those packages are not API and may change in any release).
 */
class InternalPackagesTest {

  @Test
  void noApiSignatureNamesAnInternalType() {
    InternalTypeLeaks leaks = InternalTypeLeaks.inModuleOf(PromsdkAutoConfiguration.class);
    assertThat(leaks.found()).isEmpty();
    assertThat(leaks.apiTypesChecked()).isGreaterThanOrEqualTo(6);
  }
}
