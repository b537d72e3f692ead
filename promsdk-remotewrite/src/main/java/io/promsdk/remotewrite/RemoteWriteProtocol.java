package io.promsdk.remotewrite;

/**
 * The remote-write protocol a {@code RemoteWrite} speaks.
 *
 * <pre>{@code
 * RemoteWrite.builder().url(url).registry(registry).protocol(RemoteWriteProtocol.V2).start();
 * }</pre>
 */
public enum RemoteWriteProtocol {
  /**
   * Remote write 1.0: {@code prometheus.WriteRequest}, snappy block compressed, headers {@code
   * Content-Type: application/x-protobuf} and {@code X-Prometheus-Remote-Write-Version: 0.1.0}.
   * Every receiver named in the module's README takes it.
   */
  V1,
  /**
   * Remote write 2.0: {@code io.prometheus.write.v2.Request} (a symbol table, metadata, created
   * timestamps, native histograms and exemplars), snappy block compressed, {@code Content-Type:
   * application/x-protobuf;proto=io.prometheus.write.v2.Request}. A receiver that answers 415 makes
   * the sender fall back to {@link #V1}.
   */
  V2
}
