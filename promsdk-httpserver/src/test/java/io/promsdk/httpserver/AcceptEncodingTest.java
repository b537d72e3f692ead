package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AcceptEncodingTest {
  @ParameterizedTest
  @ValueSource(strings = {"gzip", "GZIP", "x-gzip", "*", "br, gzip", "gzip;q=0.5", "deflate ,  gzip ; q=1",
      "gzip, deflate, br", "identity;q=1, gzip;q=0.001"})
  void accepts(String header) {
    assertThat(AcceptEncoding.allowsGzip(header)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"identity", "br", "deflate", "gzip;q=0", "gzip;q=0.000", "gzipx", "xgzip", "gzip;q=0, br",
      "*;q=0"})
  void refuses(String header) {
    assertThat(AcceptEncoding.allowsGzip(header)).isFalse();
  }
}
