package io.promsdk.instrumentation.http;

import org.junit.jupiter.api.Tag;

/** The jakarta contract in an embedded Tomcat 11 (Servlet 6.1). */
@Tag("peers")
class Tomcat11Test extends JakartaContainerContract {
  @Override
  protected JakartaContainer deploy(JakartaDeployment deployment) throws Exception {
    return EmbeddedTomcat.start(deployment);
  }

  @Override
  protected String expectedServer() {
    return "Apache Tomcat/11.0.";
  }

  @Override
  protected String runningServer() {
    return EmbeddedTomcat.serverInfo();
  }
}
