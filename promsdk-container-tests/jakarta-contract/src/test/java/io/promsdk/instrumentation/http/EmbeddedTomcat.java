package io.promsdk.instrumentation.http;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * An embedded Tomcat on a free 127.0.0.1 port serving a {@link JakartaDeployment}, with Tomcat's
 * default servlet on {@code /} (without it Tomcat answers unmapped paths itself, before any
 * filter). Compiled against Tomcat 11; Tomcat 10.1 has the same embedding API, so the
 * tomcat-10.1 module runs this class on its own Tomcat.
 */
final class EmbeddedTomcat implements JakartaContainer {
  private final Tomcat tomcat;
  private final Connector connector;

  private EmbeddedTomcat(Tomcat tomcat, Connector connector) {
    this.tomcat = tomcat;
    this.connector = connector;
  }

  static EmbeddedTomcat start(JakartaDeployment deployment) throws Exception {
    // Work files below target/, which mvn clean removes.
    Path baseDir = Files.createDirectories(
        Path.of("target", "tomcat", Long.toString(System.nanoTime())).toAbsolutePath());
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.toString());

    FilterDef filter = new FilterDef();
    filter.setFilterName("metrics");
    filter.setFilter(deployment.filter);
    filter.setAsyncSupported("true");
    context.addFilterDef(filter);
    FilterMap all = new FilterMap();
    all.setFilterName("metrics");
    all.addURLPatternDecoded("/*");
    context.addFilterMap(all);

    Tomcat.addServlet(context, "default", new DefaultServlet());
    context.addServletMappingDecoded("/", "default");
    for (JakartaDeployment.Servlet s : deployment.servlets) {
      Wrapper wrapper = Tomcat.addServlet(context, s.name(), s.servlet());
      wrapper.setAsyncSupported(s.async());
      context.addServletMappingDecoded(s.pattern(), s.name());
    }
    tomcat.start();
    return new EmbeddedTomcat(tomcat, connector);
  }

  /** The Tomcat version that runs, as its ServerInfo tells it (e.g. "Apache Tomcat/10.1.59"). */
  static String serverInfo() {
    return org.apache.catalina.util.ServerInfo.getServerInfo();
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
