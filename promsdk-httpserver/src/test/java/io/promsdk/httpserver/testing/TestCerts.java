package io.promsdk.httpserver.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away CA with a server certificate for 127.0.0.1/localhost and a client certificate,
 * made at test time with {@code openssl} (from PATH) and the running JDK's own {@code keytool}:
 * PEM files for Prometheus' {@code tls_config}, PKCS#12 and JKS keystores for the server.
 */
public final class TestCerts {
  public static final String PASSWORD = "changeit";

  public final Path caPem;
  public final Path serverP12;
  public final Path serverJks;
  public final Path trustP12;
  public final Path clientPem;
  public final Path clientKeyPem;
  public final Path clientP12;

  private TestCerts(Path dir) {
    caPem = dir.resolve("ca.pem");
    serverP12 = dir.resolve("server.p12");
    serverJks = dir.resolve("server.jks");
    trustP12 = dir.resolve("trust.p12");
    clientPem = dir.resolve("client.pem");
    clientKeyPem = dir.resolve("client.key");
    clientP12 = dir.resolve("client.p12");
  }

  /** Makes every file in {@code dir}; takes about a second. */
  public static TestCerts create(Path dir) throws IOException {
    TestCerts c = new TestCerts(dir);
    Path caKey = dir.resolve("ca.key");
    run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", caKey.toString(), "-out", c.caPem.toString(), "-days", "2", "-subj", "/CN=promsdk test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    Path serverPem = dir.resolve("server.pem");
    Path serverKey = dir.resolve("server.key");
    issue(dir, caKey, c.caPem, "localhost", serverKey, serverPem,
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    issue(dir, caKey, c.caPem, "prometheus", c.clientKeyPem, c.clientPem, "extendedKeyUsage=clientAuth\n");
    run(dir, "openssl", "pkcs12", "-export", "-in", serverPem.toString(), "-inkey", serverKey.toString(),
        "-certfile", c.caPem.toString(), "-name", "server", "-out", c.serverP12.toString(),
        "-passout", "pass:" + PASSWORD);
    run(dir, "openssl", "pkcs12", "-export", "-in", c.clientPem.toString(), "-inkey", c.clientKeyPem.toString(),
        "-name", "client", "-out", c.clientP12.toString(), "-passout", "pass:" + PASSWORD);
    String keytool = keytool();
    run(dir, keytool, "-importkeystore", "-noprompt", "-srckeystore", c.serverP12.toString(),
        "-srcstoretype", "PKCS12", "-srcstorepass", PASSWORD, "-destkeystore", c.serverJks.toString(),
        "-deststoretype", "JKS", "-deststorepass", PASSWORD, "-destkeypass", PASSWORD);
    run(dir, keytool, "-importcert", "-noprompt", "-alias", "ca", "-file", c.caPem.toString(),
        "-keystore", c.trustP12.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    return c;
  }

  /** The running JDK's own keytool: one on PATH may be missing, or another JDK's. openssl is taken from PATH. */
  private static String keytool() {
    return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
  }

  private static void issue(Path dir, Path caKey, Path caPem, String cn, Path key, Path pem, String extensions)
      throws IOException {
    Path csr = dir.resolve(cn + ".csr");
    Path ext = dir.resolve(cn + ".ext");
    Files.writeString(ext, extensions, StandardCharsets.UTF_8);
    run(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + cn);
    run(dir, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", caPem.toString(), "-CAkey", caKey.toString(),
        "-CAcreateserial", "-days", "2", "-out", pem.toString(), "-extfile", ext.toString());
  }

  /** A client context trusting the test CA and, if {@code withClientCertificate}, presenting the client cert. */
  public SSLContext clientContext(boolean withClientCertificate) throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load(trustP12));
    KeyManagerFactory kmf = null;
    if (withClientCertificate) {
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(load(clientP12), PASSWORD.toCharArray());
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  /** The server's context, as a user who builds their own {@link SSLContext} would. */
  public SSLContext serverContext() throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load(serverP12), PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static KeyStore load(Path p12) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private static void run(Path dir, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(command));
    Path log = dir.resolve("commands.log");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(command[0] + " timed out");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed:\n" + Files.readString(log));
    }
  }
}
