package io.promsdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void returnsAPortThatCanBeBoundOnLoopback() throws Exception {
    int port = FreePorts.find();

    assertThat(port).isBetween(1024, 65535);
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }
}
