package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionOptions;
import io.promsdk.exporter.common.testing.ExporterContract;
import java.io.IOException;

/**
 * The JDK engine ({@code engine(JDK)}, and what HTTPS and custom authenticators run on) answers
 * the exporter contract exactly as the default NIO engine does.
 */
class JdkEngineContractTest extends ExporterContract {

  @Override
  protected Exporter start(CollectorRegistry registry, ExpositionOptions options) throws IOException {
    HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(registry)
        .expositionOptions(options).engine(HTTPServer.Engine.JDK).buildAndStart();
    assertThat(server.engine()).isEqualTo(HTTPServer.Engine.JDK);
    return HTTPServerTest.exporter(server);
  }
}
