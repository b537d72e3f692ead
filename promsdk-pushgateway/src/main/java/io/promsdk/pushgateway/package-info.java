/**
 * Push: a Pushgateway client ({@link io.promsdk.pushgateway.PushGateway}) on {@code
 * java.net.http.HttpClient}, with a request hook ({@link io.promsdk.pushgateway.PushHandler}) as
 * powerful as the Python client's {@code handler}, and reliable periodic pushing ({@link
 * io.promsdk.pushgateway.PushScheduler}).
 *
 * <pre>{@code
 * PushGateway pg = PushGateway.builder().address("127.0.0.1:9091").job("my_job")
 *     .groupingKey("instance", "my.host.ip").registry(registry)
 *     .header("X-BK-TOKEN", token).build();
 * try (PushScheduler scheduler = PushScheduler.builder(pg).interval(Duration.ofSeconds(10)).start()) {
 *   runTheJob();
 * }
 * }</pre>
 */
package io.promsdk.pushgateway;
