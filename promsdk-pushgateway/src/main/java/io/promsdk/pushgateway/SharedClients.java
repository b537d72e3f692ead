package io.promsdk.pushgateway;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The JDK HTTP clients the {@link PushGateway}s use, shared by every gateway with the same
 * settings.
 *
 * <p>On JDK 17 an {@link HttpClient} cannot be closed: each one keeps a selector thread (and
 * worker threads while busy) until it is garbage collected. A client per {@code PushGateway}
 * made the Python habit {@code build().push()} per push cost three threads a call. Clients are
 * therefore cached by what they are built from (connect timeout and TLS trust), at most {@value
 * #MAX_CLIENTS} of them, least recently used dropped first; everything else a request needs
 * (URI, headers, timeout) is per request. A dropped client's threads end once it is collected.
 */
final class SharedClients {
  /** The most clients kept; a configuration beyond it evicts the least recently used. */
  static final int MAX_CLIENTS = 8;

  /** What a client is built from. {@code tls} is null, a String, or an SSLContext (identity). */
  private record Key(Duration connectTimeout, Object tls) {}

  private static final Map<Key, HttpClient> CLIENTS =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, HttpClient> eldest) {
          return size() > MAX_CLIENTS;
        }
      };

  private SharedClients() {}

  /**
   * The shared client for these settings, built on first use.
   *
   * @param sslContext null for the JVM default
   * @param tlsKey identifies the trust {@code sslContext} stands for: null for the default, the
   *     context itself for a user's context, a fingerprint for a trust store
   */
  static synchronized HttpClient get(Duration connectTimeout, SSLContext sslContext, Object tlsKey) {
    return CLIENTS.computeIfAbsent(new Key(connectTimeout, tlsKey), key -> {
      HttpClient.Builder client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(connectTimeout);
      if (sslContext != null) {
        client.sslContext(sslContext);
      }
      return client.build();
    });
  }

  static synchronized int size() {
    return CLIENTS.size();
  }

  /**
   * A key for the trust a store gives: the hash of the certificates in it. A store changed
   * between two builds gets a new client, one rebuilt with the same certificates the cached one.
   */
  static String trustStoreKey(KeyStore trustStore) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      List<String> certificates = new ArrayList<>();
      for (String alias : Collections.list(trustStore.aliases())) {
        Certificate certificate = trustStore.getCertificate(alias);
        if (certificate != null) {
          certificates.add(HexFormat.of().formatHex(sha256.digest(certificate.getEncoded())));
        }
      }
      Collections.sort(certificates);
      return "trustStore:" + trustStore.getType() + ":"
          + HexFormat.of().formatHex(sha256.digest(String.join(",", certificates).getBytes(
              java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the trust store: " + e.getMessage(), e);
    }
  }
}
