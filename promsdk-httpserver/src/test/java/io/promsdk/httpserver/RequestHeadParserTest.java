package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The NIO engine's request-head parser: what it accepts, what it refuses with which status. */
class RequestHeadParserTest {

  private static RequestHead parse(String head) throws RequestHeadParser.Rejection {
    byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
    int end = RequestHeadParser.headEnd(bytes, 0, bytes.length);
    assertThat(end).as("complete head").isEqualTo(bytes.length);
    return RequestHeadParser.parse(bytes, end);
  }

  private static int status(String head) {
    try {
      parse(head);
      return 0;
    } catch (RequestHeadParser.Rejection e) {
      return e.status;
    }
  }

  @Test
  void readsTheRequestLineAndTheHeadersTheExporterUses() throws Exception {
    RequestHead r = parse("GET /metrics?name[]=a%20b HTTP/1.1\r\nHost: x\r\naccept: text/plain\r\n"
        + "Accept: application/openmetrics-text\r\nACCEPT-ENCODING:gzip \r\nAuthorization: Bearer t\r\n\r\n");
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.rawPath()).isEqualTo("/metrics");
    assertThat(r.rawQuery()).isEqualTo("name[]=a%20b");
    assertThat(r.accept()).as("repeated list headers are joined").isEqualTo("text/plain, application/openmetrics-text");
    assertThat(r.acceptEncoding()).isEqualTo("gzip");
    assertThat(r.authorization()).isEqualTo("Bearer t");
    assertThat(r.reusable()).isTrue();
  }

  @Test
  void acceptsBareLineFeedsLeadingBlankLinesAndTheAbsoluteForm() throws Exception {
    RequestHead r = parse("\r\nGET http://host:9090/metrics?x=1 HTTP/1.1\nHost: x\n\n");
    assertThat(r.rawPath()).isEqualTo("/metrics");
    assertThat(r.rawQuery()).isEqualTo("x=1");
    assertThat(parse("GET https://host HTTP/1.1\r\n\r\n").rawPath()).isEqualTo("/");
  }

  @Test
  void knowsWhenTheConnectionCanBeReused() throws Exception {
    assertThat(parse("GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n").reusable()).isFalse();
    assertThat(parse("GET / HTTP/1.0\r\n\r\n").reusable()).as("HTTP/1.0").isFalse();
    assertThat(parse("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n").reusable()).as("a body").isFalse();
    assertThat(parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").hasBody()).isTrue();
    assertThat(parse("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").reusable()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no version                     | GET /\\r\\n\\r\\n                                                  | 400",
      "space in the target            | GET /a b HTTP/1.1\\r\\n\\r\\n                                      | 400",
      "relative target                | GET metrics HTTP/1.1\\r\\n\\r\\n                                   | 400",
      "separator in the method        | G(T / HTTP/1.1\\r\\n\\r\\n                                         | 400",
      "HTTP/2                         | GET / HTTP/2.0\\r\\n\\r\\n                                         | 505",
      "not HTTP                       | GET / FTP/1.1\\r\\n\\r\\n                                          | 400",
      "header without colon           | GET / HTTP/1.1\\r\\nBroken\\r\\n\\r\\n                            | 400",
      "space before the colon         | GET / HTTP/1.1\\r\\nHost : x\\r\\n\\r\\n                          | 400",
      "obsolete line folding          | GET / HTTP/1.1\\r\\nX-A: 1\\r\\n  2\\r\\n\\r\\n                    | 400",
      "conflicting Content-Length     | GET / HTTP/1.1\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\n | 400",
      "malformed Content-Length       | GET / HTTP/1.1\\r\\nContent-Length: -1\\r\\n\\r\\n               | 400",
      "two Authorization headers      | GET / HTTP/1.1\\r\\nAuthorization: a\\r\\nAuthorization: b\\r\\n\\r\\n | 400",
      "only blank lines               | \\r\\n\\r\\n                                                       | 400"})
  void refuses(String what, String head, int status) {
    assertThat(status(head.replace("\\r", "\r").replace("\\n", "\n"))).as(what).isEqualTo(status);
  }

  @Test
  void refusesTooManyOrTooLargeHeadersWith431AndALongRequestLineWith414() {
    StringBuilder lines = new StringBuilder("GET / HTTP/1.1\r\n");
    for (int i = 0; i < RequestHeadParser.MAX_HEADER_LINES; i++) {
      lines.append("X-").append(i).append(": v\r\n");
    }
    assertThat(status(lines + "\r\n")).as("200 lines").isZero();
    assertThat(status(lines + "X-More: v\r\n\r\n")).as("201 lines").isEqualTo(431);
    assertThat(status("GET / HTTP/1.1\r\nX-Big: " + "x".repeat(RequestHeadParser.MAX_HEADER_BYTES) + "\r\n\r\n"))
        .isEqualTo(431);
    assertThat(status("GET /" + "x".repeat(RequestHeadParser.MAX_REQUEST_LINE) + " HTTP/1.1\r\n\r\n")).isEqualTo(414);
  }

  @Test
  void findsTheEndOfAHeadArrivingByteByByteWithoutRescanning() {
    byte[] head = "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next".getBytes(StandardCharsets.ISO_8859_1);
    int complete = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".length();
    int scanned = 0;
    for (int size = 1; size <= head.length; size++) {
      int end = RequestHeadParser.headEnd(head, scanned, size);
      if (size < complete) {
        assertThat(end).as("incomplete at %d bytes", size).isEqualTo(-1);
        scanned = size;
      } else {
        assertThat(end).as("complete at %d bytes", size).isEqualTo(complete);
      }
    }
  }

  @Test
  void saysWhenAnIncompleteHeadHasPassedALimit() {
    byte[] longLine = ("GET /" + "x".repeat(RequestHeadParser.MAX_REQUEST_LINE + 10)).getBytes(StandardCharsets.ISO_8859_1);
    assertThat(RequestHeadParser.overLimit(longLine, longLine.length).status).isEqualTo(414);
    byte[] full = ("GET / HTTP/1.1\r\nX: " + "y".repeat(RequestHeadParser.MAX_HEAD_BYTES))
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(RequestHeadParser.overLimit(full, RequestHeadParser.MAX_HEAD_BYTES).status).isEqualTo(431);
    assertThat(RequestHeadParser.overLimit(full, 100)).as("still within the limits").isNull();
  }
}
