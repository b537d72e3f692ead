package io.promsdk.instrumentation.http;

import org.junit.jupiter.api.Tag;

/** The javax servlet filter in an embedded Tomcat 9 (Servlet 4.0): the scenarios of the contract. */
@Tag("peers")
class JavaxServletMetricsFilterTest extends ServletMetricsFilterContract {
  private TomcatWithFilter tomcat;

  @Override
  protected Client start(HttpServerMetrics metrics) throws Exception {
    tomcat = new TomcatWithFilter(new JavaxServletMetricsFilter(metrics), hold);
    return tomcat.client();
  }

  @Override
  protected void stopServer() throws Exception {
    if (tomcat != null) {
      tomcat.close();
    }
  }
}
