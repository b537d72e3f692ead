package io.promsdk.httpserver;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Builds the server's {@link SSLContext} from keystore files. */
final class TlsContexts {
  private TlsContexts() {}

  /**
   * @param keyStore a PKCS#12 or JKS file (the type is detected) with the server's key and chain
   * @param trustStore CA certificates for verifying client certificates, or null for the JDK's
   * @throws IOException if a file cannot be read, has the wrong password or is not a keystore
   */
  static SSLContext fromKeyStores(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword)
      throws IOException {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(load(keyStore, keyStorePassword), keyStorePassword);
      TrustManager[] trust = null;
      if (trustStore != null) {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustStore, trustStorePassword));
        trust = tmf.getTrustManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS from " + keyStore + (trustStore == null ? "" : " and " + trustStore)
          + ": " + e.getMessage(), e);
    }
  }

  private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
    try {
      return KeyStore.getInstance(file.toFile(), password);
    } catch (IOException e) {
      throw new IOException("cannot read keystore " + file + " (wrong password, or not PKCS#12/JKS?): " + e.getMessage(), e);
    }
  }
}
