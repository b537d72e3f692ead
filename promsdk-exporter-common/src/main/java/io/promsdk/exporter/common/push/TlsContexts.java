package io.promsdk.exporter.common.push;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * SSL contexts for a push client's TLS options ({@code trustStore(..)}, {@code
 * insecureSkipTlsVerification()}), shared by the Pushgateway and remote-write clients.
 *
 * <pre>{@code
 * HttpClient.newBuilder().sslContext(TlsContexts.trusting(trustStore)).build();
 * }</pre>
 */
public final class TlsContexts {
  private TlsContexts() {}

  /** A context that trusts exactly the certificates in {@code trustStore}. */
  public static SSLContext trusting(KeyStore trustStore) {
    try {
      // An unloaded KeyStore would fail below with the bare "Uninitialized keystore".
      trustStore.size();
    } catch (KeyStoreException e) {
      throw new IllegalArgumentException("the trust store (a " + trustStore.getType()
          + " KeyStore) was never loaded: call load(stream, password) on it before trustStore(..)",
          e);
    }
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the trust store: " + e.getMessage(), e);
    }
  }

  /**
   * A context that accepts any certificate for any host name. An {@link
   * X509ExtendedTrustManager} owns the host name check in JSSE, so this one skips both; no
   * JVM-wide property is touched.
   */
  public static SSLContext trustingEverything() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create an SSL context: " + e.getMessage(), e);
    }
  }

  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
