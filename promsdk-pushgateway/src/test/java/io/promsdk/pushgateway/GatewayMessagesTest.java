package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyStore;
import org.junit.jupiter.api.Test;

/** Configuration mistakes are refused with a message that names what to fix. */
class GatewayMessagesTest {

  @Test
  void anUnderscoreInTheHostIsRefusedSayingWhyAndWhatWorks() {
    assertThatThrownBy(() -> PushGateway.builder().address("my_gw:9091"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the gateway host 'my_gw' contains '_'")
        .hasMessageContaining("java.net.URI and the JDK HTTP client refuse it")
        .hasMessageContaining("'my-gw'")
        .hasMessageNotContaining("has no host");
    assertThatThrownBy(() -> PushGateway.builder().address("https://push_gw.example:443/prefix"))
        .hasMessageContaining("the gateway host 'push_gw.example' contains '_'");
  }

  @Test
  void userInfoBeforeAnInvalidHostIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> PushGateway.builder().address("http://user:pa55word@my_gw:9091"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not contain user info")
        .hasMessageNotContaining("pa55word");
  }

  @Test
  void aTrustStoreThatWasNeverLoadedIsNamedAsSuch() throws Exception {
    KeyStore unloaded = KeyStore.getInstance("PKCS12");
    assertThatThrownBy(() -> PushGateway.builder().trustStore(unloaded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the trust store (a PKCS12 KeyStore) was never loaded")
        .hasMessageContaining("load(stream, password)");
  }
}
