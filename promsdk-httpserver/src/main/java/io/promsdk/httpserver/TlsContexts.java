package io.promsdk.httpserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
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
   * @throws IOException if a file is missing ({@link NoSuchFileException}) or cannot be read,
   *     has the wrong password or is not a keystore; the message names the file and which
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
    // KeyStore.getInstance(File, ..) throws IllegalArgumentException for a missing file.
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "keystore file not found (or not a regular file)");
    }
    try {
      return KeyStore.getInstance(file.toFile(), password);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new IOException("cannot read keystore " + file + ": wrong password (" + e.getMessage() + ")", e);
      }
      throw new IOException("cannot read keystore " + file + ": " + e.getMessage(), e);
    } catch (KeyStoreException e) {
      // The JDK says "Unrecognized keystore format" without the file.
      throw new IOException("cannot read keystore " + file + ": not recognized as a PKCS#12 or JKS keystore"
          + " (wrong type, e.g. a PEM file: convert it with openssl pkcs12 -export; or a damaged file)", e);
    }
  }
}
