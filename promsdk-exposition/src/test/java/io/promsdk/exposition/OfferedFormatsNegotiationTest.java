package io.promsdk.exposition;

import static io.promsdk.exposition.ExpositionFormat.OPENMETRICS_TEXT;
import static io.promsdk.exposition.ExpositionFormat.PROMETHEUS_TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.MetricType;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * Negotiation runs over the formats offered, by the media type each declares, and knows none by
 * name: a format declared here, in the test (a stand-in for the protobuf format, never written),
 * is chosen by the parameters Prometheus sends for protobuf, and only by those.
 */
class OfferedFormatsNegotiationTest {
  private static final String PROMETHEUS_NATIVE_HISTOGRAMS =
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,"
          + "application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,"
          + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  /** Declares a media type and writes nothing. */
  private static final class DeclaredOnly implements ExpositionFormat {
    private final MediaType mediaType;

    DeclaredOnly(MediaType mediaType) {
      this.mediaType = mediaType;
    }

    @Override
    public String name() {
      return "declared-only";
    }

    @Override
    public String contentType() {
      return mediaType.type() + "/" + mediaType.subtype();
    }

    @Override
    public MediaType mediaType() {
      return mediaType;
    }

    @Override
    public boolean pushable() {
      return false;
    }

    @Override
    public void write(OutputStream out, MetricSnapshots snapshots, ExpositionOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void write(OutputStream out, CollectorRegistry registry,
        BiPredicate<String, MetricType> familyFilter, ExpositionOptions options) {
      throw new UnsupportedOperationException();
    }
  }

  private static final ExpositionFormat PROTOBUF_LIKE = new DeclaredOnly(new MediaType(
      "application", "vnd.google.protobuf",
      Map.of("proto", List.of("io.prometheus.client.MetricFamily"), "encoding", List.of("delimited"))));

  @Test
  void aDeclaredFormatIsChosenByItsParameters() {
    List<ExpositionFormat> offered = List.of(PROMETHEUS_TEXT, OPENMETRICS_TEXT, PROTOBUF_LIKE);
    assertThat(ExpositionFormat.forAcceptHeader(PROMETHEUS_NATIVE_HISTOGRAMS, offered))
        .isSameAs(PROTOBUF_LIKE);
    // Not offered: the next best.
    assertThat(ExpositionFormat.forAcceptHeader(PROMETHEUS_NATIVE_HISTOGRAMS,
        List.of(PROMETHEUS_TEXT, OPENMETRICS_TEXT))).isSameAs(OPENMETRICS_TEXT);
    // A parameter value it does not serve: no match, so the text format (q=0.5 beats */*).
    assertThat(ExpositionFormat.forAcceptHeader(
        "application/vnd.google.protobuf;proto=io.prometheus.client.Other,text/plain;q=0.5", offered))
        .isSameAs(PROMETHEUS_TEXT);
    // No parameter at all still names it, less specifically.
    assertThat(ExpositionFormat.forAcceptHeader("application/vnd.google.protobuf", offered))
        .isSameAs(PROTOBUF_LIKE);
  }

  /** The same type declared exact, as the real protobuf format is: named in full, or not at all. */
  @Test
  void anExactFormatIsChosenOnlyWhenNamedInFull() {
    ExpositionFormat exact = new DeclaredOnly(new MediaType(PROTOBUF_LIKE.mediaType().type(),
        PROTOBUF_LIKE.mediaType().subtype(), PROTOBUF_LIKE.mediaType().parameters(), true));
    List<ExpositionFormat> offered = List.of(PROMETHEUS_TEXT, OPENMETRICS_TEXT, exact);
    assertThat(ExpositionFormat.forAcceptHeader(PROMETHEUS_NATIVE_HISTOGRAMS, offered)).isSameAs(exact);
    assertThat(ExpositionFormat.forAcceptHeader("application/vnd.google.protobuf", offered))
        .isSameAs(PROMETHEUS_TEXT);
    assertThat(ExpositionFormat.forAcceptHeader(
        "application/vnd.google.protobuf;encoding=delimited", offered)).isSameAs(PROMETHEUS_TEXT);
    assertThat(ExpositionFormat.forAcceptHeader("application/*", offered)).isSameAs(OPENMETRICS_TEXT);
    assertThat(ExpositionFormat.forAcceptHeader("*/*", List.of(exact, PROMETHEUS_TEXT)))
        .isSameAs(PROMETHEUS_TEXT);
  }

  @Test
  void theFirstOfferedIsTheFallback() {
    List<ExpositionFormat> onlyOpenMetrics = List.of(OPENMETRICS_TEXT);
    assertThat(ExpositionFormat.forAcceptHeader(null, onlyOpenMetrics)).isSameAs(OPENMETRICS_TEXT);
    assertThat(ExpositionFormat.forAcceptHeader("text/plain;version=0.0.4", onlyOpenMetrics))
        .isSameAs(OPENMETRICS_TEXT);
    assertThatThrownBy(() -> ExpositionFormat.forAcceptHeader("*/*", List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no exposition format");
  }

  @Test
  void theFormatsDeclareWhatTheyAre() {
    assertThat(ExpositionFormat.all())
        .containsExactly(PROMETHEUS_TEXT, OPENMETRICS_TEXT, ExpositionFormat.PROMETHEUS_PROTOBUF);
    assertThat(PROMETHEUS_TEXT.mediaType()).isEqualTo(
        new MediaType("text", "plain", Map.of("version", List.of("0.0.4", "1.0.0"))));
    assertThat(OPENMETRICS_TEXT.mediaType().subtype()).isEqualTo("openmetrics-text");
    assertThat(PROMETHEUS_TEXT.pushable()).isTrue();
    assertThat(OPENMETRICS_TEXT.pushable()).isFalse();
    assertThat(ExpositionFormat.PROMETHEUS_PROTOBUF.pushable()).isTrue();
    assertThat(ExpositionFormat.PROMETHEUS_PROTOBUF.mediaType().exact()).isTrue();
  }
}
