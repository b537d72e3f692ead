package io.promsdk.instrumentation.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A servlet mapped at {@code /users/*} that routes by itself, as a framework's dispatcher does, and
 * tells the metrics filter the template it matched through {@link
 * JakartaServletMetricsFilter#SPRING_BEST_MATCHING_PATTERN}: {@code /users/42} is the route
 * {@code /users/{id}}. GET answers {@link #BODY} with its Content-Length; POST throws {@code
 * IllegalStateException} after routing; a path that is no user id is a 404 without a template.
 */
final class UsersRouter extends HttpServlet {
  static final String TEMPLATE = "/users/{id}";
  static final byte[] BODY = "a user\n".getBytes(StandardCharsets.UTF_8);

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!route(req)) {
      resp.sendError(404);
      return;
    }
    resp.setContentType("text/plain");
    resp.setContentLength(BODY.length);
    resp.getOutputStream().write(BODY);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
    route(req);
    throw new IllegalStateException("cannot change a user");
  }

  /** Sets the template if the path is {@code /users/<digits>}; whether it is. */
  private static boolean route(HttpServletRequest req) {
    String id = req.getPathInfo();
    if (id == null || !id.matches("/[0-9]+")) {
      return false;
    }
    req.setAttribute(JakartaServletMetricsFilter.SPRING_BEST_MATCHING_PATTERN, TEMPLATE);
    return true;
  }
}
