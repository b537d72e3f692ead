package io.promsdk.instrumentation.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a jakarta container runs in a test, whichever container it is: one filter on {@code /*}
 * (async supported) in front of named servlets. A container adapter ({@link JettyEe10}, and the
 * Tomcat and Jetty ones of promsdk-container-tests) deploys it as it is, and answers unmapped paths
 * with a 404 that passes through the filter. Immutable.
 */
final class JakartaDeployment {
  /** A servlet, its name (unique in the deployment), its URL pattern, and whether it may go async. */
  record Servlet(String name, String pattern, HttpServlet servlet, boolean async) {}

  final Filter filter;
  final List<Servlet> servlets;

  private JakartaDeployment(Filter filter, List<Servlet> servlets) {
    this.filter = filter;
    this.servlets = List.copyOf(servlets);
  }

  /** The filter alone, no servlet yet. */
  static JakartaDeployment of(Filter filter) {
    return new JakartaDeployment(filter, List.of());
  }

  /** The servlets {@link ServletMetricsFilterContract} lists, behind {@code filter}. */
  static JakartaDeployment ofContract(Filter filter, HeldRequest hold) {
    return of(filter)
        .with("users", "/users/*", status(200))
        .with("a", "/a", status(200))
        .with("b", "/b", status(200))
        .with("c", "/c", status(200))
        .with("api", "/api/*", new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            // What Spring MVC's DispatcherServlet does once a @GetMapping matched.
            req.setAttribute(JakartaServletMetricsFilter.SPRING_BEST_MATCHING_PATTERN, "/api/items/{id}");
            resp.setStatus(204);
          }
        })
        .with("boom", "/boom", new HttpServlet() {
          @Override
          protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            throw new IllegalArgumentException("bad input");
          }
        })
        .with("hold", "/hold", held(hold))
        .withAsync("async", "/async", new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            AsyncContext later = req.startAsync();
            later.start(() -> { // the status is set after the filter's chain returned
              hold.holdHere();
              ((HttpServletResponse) later.getResponse()).setStatus(202);
              later.complete();
            });
          }
        });
  }

  /** This deployment and one more servlet. */
  JakartaDeployment with(String name, String pattern, HttpServlet servlet) {
    return add(new Servlet(name, pattern, servlet, false));
  }

  /** This deployment and one more servlet that may start async processing. */
  JakartaDeployment withAsync(String name, String pattern, HttpServlet servlet) {
    return add(new Servlet(name, pattern, servlet, true));
  }

  private JakartaDeployment add(Servlet servlet) {
    List<Servlet> more = new ArrayList<>(servlets);
    more.add(servlet);
    return new JakartaDeployment(filter, more);
  }

  /** A GET answers {@code status}, no body. */
  static HttpServlet status(int status) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        resp.setStatus(status);
      }
    };
  }

  /** A GET waits in {@code hold}, then writes "done". */
  static HttpServlet held(HeldRequest hold) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        hold.holdHere();
        resp.getWriter().write("done");
      }
    };
  }
}
