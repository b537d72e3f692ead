package io.promsdk.instrumentation.http;

import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.Tag;

/** The jakarta contract in an embedded Jetty 12 (ee11, Servlet 6.1). */
@Tag("peers")
class Jetty12Ee11Test extends JakartaContainerContract {
  @Override
  protected JakartaContainer deploy(JakartaDeployment deployment) throws Exception {
    return JettyEe11.start(deployment);
  }

  @Override
  protected String expectedServer() {
    return "Jetty 12.";
  }

  @Override
  protected String runningServer() {
    return "Jetty " + Jetty.VERSION;
  }
}
