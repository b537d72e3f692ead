package io.promsdk.servlet.javax;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exporter.common.testing.CutBody;
import java.io.IOException;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A streamed body that fails part way, after the status line went out, is never completed: the
 * servlet rethrows, and Tomcat 9 ends the connection without the last chunk, so the scraper sees a
 * failed scrape, not a short one. Collectors cannot cut a body (they run before anything is
 * written), so the body's stream is made to fail here, as a format failing part way would.
 */
@Tag("peers")
class MetricsServletCutBodyTest {
  /** The servlet, with a response whose body stream fails after {@link CutBody#PASSED_ON} bytes. */
  private static final class FailingPartWay extends MetricsServlet {
    private static final long serialVersionUID = 1L;

    FailingPartWay(CollectorRegistry registry) {
      super(registry);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      super.service(request, new HttpServletResponseWrapper(response) {
        @Override
        public ServletOutputStream getOutputStream() throws IOException {
          return new FailingAfter(response.getOutputStream());
        }
      });
    }
  }

  /** The container's stream, failing part way through the body. */
  private static final class FailingAfter extends ServletOutputStream {
    private final ServletOutputStream out;
    private final io.promsdk.exporter.common.testing.FailingAfter failing;

    FailingAfter(ServletOutputStream out) {
      this.out = out;
      this.failing = new io.promsdk.exporter.common.testing.FailingAfter(out, CutBody.PASSED_ON);
    }

    @Override
    public void write(int b) throws IOException {
      failing.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      failing.write(b, off, len);
    }

    @Override
    public boolean isReady() {
      return out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      out.setWriteListener(listener);
    }
  }

  @Test
  void aStreamedBodyThatFailsPartWayIsNeverCompleted() throws Exception {
    try (TomcatMetricsServlet tomcat = new TomcatMetricsServlet(new FailingPartWay(CutBody.streamedRegistry()))) {
      CutBody.assertNeverCompleted(tomcat.metricsUrl());
    }
  }
}
