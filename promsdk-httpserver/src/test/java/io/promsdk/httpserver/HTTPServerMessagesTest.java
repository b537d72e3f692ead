package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each start-up and overload message names what the user must fix. */
class HTTPServerMessagesTest {
  private static final String PASSWORD = "changeit";

  @TempDir Path dir;

  /** One wrap, naming the address once, on both engines. */
  @Test
  void aTakenPortIsNamedWithItsAddress() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      for (HTTPServer.Engine engine : HTTPServer.Engine.values()) {
        assertThatThrownBy(() -> HTTPServer.builder().hostname("127.0.0.1").port(port).engine(engine)
            .registry(new CollectorRegistry()).buildAndStart())
            .as(engine.name())
            .isInstanceOf(BindException.class)
            .hasMessage("cannot listen on 127.0.0.1:" + port + ": Address already in use (another process or"
                + " server holds the port; choose another port, or 0 for a free one)");
      }
    }
  }

  @Test
  void aMissingKeystoreIsAnIoExceptionNamingTheFile() {
    Path missing = dir.resolve("missing.p12");
    assertThatThrownBy(() -> https(missing, PASSWORD))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString()).hasMessageContaining("keystore file not found");
  }

  @Test
  void aWrongPasswordIsNamedAsSuchWithThePath() throws Exception {
    for (String type : List.of("PKCS12", "JKS")) {
      Path store = emptyStore(type);
      assertThatThrownBy(() -> https(store, "wrong"))
          .as(type).isInstanceOf(IOException.class)
          .hasMessageContaining("cannot read keystore " + store + ": wrong password");
    }
  }

  @Test
  void aFileOfAnotherTypeIsNamedAsSuchWithThePath() throws Exception {
    Path pem = dir.resolve("server.pem");
    Files.writeString(pem, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> https(pem, PASSWORD))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot read keystore " + pem + ": not recognized as a PKCS#12 or JKS keystore")
        .hasMessageContaining("wrong type");
  }

  @Test
  void aFullPoolIsReportedAsWhatIsKnownNotAsAHangingCollector() throws Exception {
    List<String> warnings = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger(HTTPServer.class.getName());
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        warnings.add(new java.util.logging.SimpleFormatter().formatMessage(record));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(capture);
    ExecutorService pool = DaemonExecutors.boundedPool(1, "messages-test");
    CountDownLatch release = new CountDownLatch(1);
    try {
      pool.execute(() -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      for (int i = 0; i < DaemonExecutors.QUEUE_CAPACITY; i++) {
        pool.execute(() -> { });
      }
      assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    } finally {
      release.countDown();
      pool.shutdownNow();
      logger.removeHandler(capture);
    }
    assertThat(warnings).singleElement().asString()
        .contains("messages-test: all 1 threads busy and 256 requests waiting")
        .contains("slow clients").contains("slow scrapes")
        .doesNotContain("A collector may be hanging");
  }

  private static void https(Path keyStore, String password) throws IOException {
    HTTPServer.builder().hostname("127.0.0.1").port(0).registry(new CollectorRegistry())
        .keyStore(keyStore, password).buildAndStart().close();
  }

  /** A keystore without entries, protected by {@link #PASSWORD}: made in-process, no keytool. */
  private Path emptyStore(String type) throws Exception {
    KeyStore store = KeyStore.getInstance(type);
    store.load(null, null);
    Path file = dir.resolve("empty." + type.toLowerCase());
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, PASSWORD.toCharArray());
    }
    return file;
  }
}
