package io.promsdk.instrumentation.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.servlet.AsyncContext;
import javax.servlet.Filter;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * A real embedded Tomcat 9 (Servlet 4.0, javax) on a free 127.0.0.1 port with a filter on {@code
 * /*} in front of the servlets {@link ServletMetricsFilterContract} lists, and Tomcat's default
 * servlet on {@code /} (without it Tomcat answers unmapped paths itself, before any filter).
 */
final class TomcatWithFilter implements AutoCloseable {
  private final Tomcat tomcat = new Tomcat();
  private final Connector connector = new Connector();

  TomcatWithFilter(Filter filter, HeldRequest hold) throws Exception {
    // Tomcat's work files go below target/, which mvn clean removes.
    Path baseDir = Files.createDirectories(Path.of("target", "tomcat9", Long.toString(System.nanoTime())).toAbsolutePath());
    tomcat.setBaseDir(baseDir.toString());
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.toString());

    FilterDef def = new FilterDef();
    def.setFilterName("metrics");
    def.setFilter(filter);
    def.setAsyncSupported("true");
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("metrics");
    map.addURLPatternDecoded("/*");
    context.addFilterMap(map);

    add(context, "default", new DefaultServlet(), "/");
    add(context, "users", status(200), "/users/*");
    add(context, "a", status(200), "/a");
    add(context, "b", status(200), "/b");
    add(context, "c", status(200), "/c");
    add(context, "api", new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        // What Spring MVC's DispatcherServlet does once a @GetMapping matched.
        req.setAttribute(JavaxServletMetricsFilter.SPRING_BEST_MATCHING_PATTERN, "/api/items/{id}");
        resp.setStatus(204);
      }
    }, "/api/*");
    add(context, "boom", new HttpServlet() {
      @Override
      protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
        throw new IllegalArgumentException("bad input");
      }
    }, "/boom");
    add(context, "hold", new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        hold.holdHere();
        resp.getWriter().write("done");
      }
    }, "/hold");
    add(context, "async", new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        AsyncContext later = req.startAsync();
        later.start(() -> { // the status is set after the filter's chain returned
          hold.holdHere();
          ((HttpServletResponse) later.getResponse()).setStatus(202);
          later.complete();
        });
      }
    }, "/async").setAsyncSupported(true);
    tomcat.start();
  }

  private static Wrapper add(Context context, String name, HttpServlet servlet, String pattern) {
    Wrapper wrapper = Tomcat.addServlet(context, name, servlet);
    context.addServletMappingDecoded(pattern, name);
    return wrapper;
  }

  private static HttpServlet status(int status) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        resp.setStatus(status);
      }
    };
  }

  Client client() {
    return new Client(connector.getLocalPort());
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
