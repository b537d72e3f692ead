package io.promsdk.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed EC certificate made by the JDK's {@code keytool}, for loopback HTTPS servers in
 * TLS tests of the push clients.
 *
 * <pre>{@code
 * SelfSignedCertificate cert = SelfSignedCertificate.create(tempDir, "receiver", "ip:127.0.0.1");
 * httpsServer.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
 * client.trustStore(cert.trustStore());
 * }</pre>
 */
public final class SelfSignedCertificate {
  /** The alias of the key pair in {@link #keyStore()} and of the certificate in {@link #trustStore()}. */
  public static final String ALIAS = "server";
  private static final char[] PASSWORD = "changeit".toCharArray();

  private final KeyStore keyStore;

  private SelfSignedCertificate(KeyStore keyStore) {
    this.keyStore = keyStore;
  }

  /**
   * Makes a key pair and certificate valid for two days.
   *
   * @param dir where the PKCS12 file goes
   * @param name the file name and the certificate's CN
   * @param subjectAltName keytool's SAN value, e.g. {@code ip:127.0.0.1} or {@code dns:other.example}
   */
  public static SelfSignedCertificate create(Path dir, String name, String subjectAltName)
      throws IOException, InterruptedException, GeneralSecurityException {
    Path file = dir.resolve(name + ".p12");
    // Exec drains the output on its own thread, so the timeout holds even if keytool hangs.
    Exec.Output keytool = Exec.run(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + name, "-ext", "SAN=" + subjectAltName, "-validity", "2",
        "-keystore", file.toString(), "-storetype", "PKCS12",
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)),
        "", Duration.ofSeconds(30), true);
    if (keytool.exitCode() != 0) {
      throw new IllegalStateException("keytool failed: " + keytool.stdout());
    }
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      keyStore.load(in, PASSWORD);
    }
    return new SelfSignedCertificate(keyStore);
  }

  /** The key pair and certificate, under {@link #ALIAS}. */
  public KeyStore keyStore() {
    return keyStore;
  }

  /** A server's TLS context presenting this certificate. */
  public SSLContext serverContext() throws GeneralSecurityException {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  /** A trust store holding only this certificate, as a client configured to trust it gets. */
  public KeyStore trustStore() throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry(ALIAS, keyStore.getCertificate(ALIAS));
    return trust;
  }
}
