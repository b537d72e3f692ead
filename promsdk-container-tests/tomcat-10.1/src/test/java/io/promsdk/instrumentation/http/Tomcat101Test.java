package io.promsdk.instrumentation.http;

import org.junit.jupiter.api.Tag;

/** The jakarta contract in an embedded Tomcat 10.1 (Servlet 6.0). */
@Tag("peers")
class Tomcat101Test extends JakartaContainerContract {
  @Override
  protected JakartaContainer deploy(JakartaDeployment deployment) throws Exception {
    return EmbeddedTomcat.start(deployment);
  }

  @Override
  protected String expectedServer() {
    return "Apache Tomcat/10.1.";
  }

  @Override
  protected String runningServer() {
    return EmbeddedTomcat.serverInfo();
  }
}
