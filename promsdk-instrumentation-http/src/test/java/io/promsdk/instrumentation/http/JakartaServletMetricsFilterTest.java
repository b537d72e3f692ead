package io.promsdk.instrumentation.http;

import org.junit.jupiter.api.Tag;

/**
 * The jakarta servlet filter in an embedded Jetty 12 (ee10): the scenarios of the contract. Tomcat
 * 10.1/11 and Jetty run them too, beside a real Prometheus, in promsdk-container-tests.
 */
@Tag("peers")
class JakartaServletMetricsFilterTest extends ServletMetricsFilterContract {
  private JakartaContainer server;

  @Override
  protected void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected Client start(HttpServerMetrics metrics) throws Exception {
    server = JettyEe10.start(JakartaDeployment.ofContract(new JakartaServletMetricsFilter(metrics), hold));
    return new Client(server.port());
  }
}
