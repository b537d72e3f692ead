package io.promsdk.benchmarks;

import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.Collection;

/**
 * A pull reader over the OpenTelemetry SDK, configured as its Prometheus exporter configures one:
 * cumulative temporality, reusable data. (The exporter artifact itself,
 * {@code io.opentelemetry:opentelemetry-exporter-prometheus:1.68.0-alpha}, is not served by the
 * registry this build reaches; see README.md.) Exemplars are off and the per-instrument cardinality
 * limit (2,000 by default) is raised so that 100,000 series are kept rather than folded into the
 * overflow series.
 */
public final class OtelReader implements MetricReader {
  private volatile CollectionRegistration registration = CollectionRegistration.noop();
  private final SdkMeterProvider provider;
  private final Meter meter;

  public OtelReader() {
    provider = SdkMeterProvider.builder()
        .setExemplarFilter(ExemplarFilter.alwaysOff())
        .registerMetricReader(this, type -> 1 << 20)
        .build();
    meter = provider.get("promsdk-benchmarks");
  }

  public Meter meter() {
    return meter;
  }

  /** One collection: what the Prometheus exporter does before it converts and writes. */
  public Collection<MetricData> collect() {
    return registration.collectAllMetrics();
  }

  @Override
  public void register(CollectionRegistration registration) {
    this.registration = registration;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public MemoryMode getMemoryMode() {
    return MemoryMode.REUSABLE_DATA;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  public void close() {
    provider.close();
  }
}
