package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class QuantileBufferTest {

  @Test
  void holdsTwoBatchesAndWrapsAroundInOrder() {
    QuantileBuffer buffer = new QuantileBuffer(4);
    assertThat(buffer.capacity()).isEqualTo(8);
    double[] out = new double[8];
    long seq = 0;
    for (int round = 0; round < 100; round++) {
      for (int i = 0; i < 8; i++) {
        long claimed = buffer.claim();
        assertThat(claimed).isEqualTo(seq++);
        assertThat(buffer.hasRoom(claimed)).isTrue();
        buffer.publish(claimed, claimed * 0.5);
      }
      long next = buffer.claim();
      assertThat(buffer.hasRoom(next)).as("the ring is full").isFalse();

      long from = buffer.drained();
      assertThat(buffer.copy(from, from + 5, out)).isEqualTo(5);
      for (int i = 0; i < 5; i++) {
        assertThat(out[i]).isEqualTo((from + i) * 0.5);
      }
      buffer.release(from + 5);
      assertThat(buffer.hasRoom(next)).isTrue();
      buffer.publish(next, next * 0.5);
      seq++;
      assertThat(buffer.copy(from + 5, seq, out)).isEqualTo(4);
      for (int i = 0; i < 4; i++) {
        assertThat(out[i]).isEqualTo((from + 5 + i) * 0.5);
      }
      buffer.release(seq);
      assertThat(buffer.claimed()).isEqualTo(seq);
      assertThat(buffer.drained()).isEqualTo(seq);
    }
  }

  @Test
  void marksBatchEndsAndStampGroups() {
    QuantileBuffer buffer = new QuantileBuffer(64);
    assertThat(buffer.stampGroup()).isEqualTo(QuantileBuffer.STAMP_INTERVAL);
    assertThat(buffer.endsBatch(63)).isTrue();
    assertThat(buffer.endsBatch(64)).isFalse();
    assertThat(buffer.endsBatch(127)).isTrue();
    assertThat(buffer.startsStampGroup(32)).isTrue();
    assertThat(buffer.startsStampGroup(33)).isFalse();
    assertThat(new QuantileBuffer(4).stampGroup()).isEqualTo(4);

    buffer.stamp(32, 1234L);
    buffer.stamp(48, 5678L);
    assertThat(buffer.stampAt(32)).isEqualTo(1234L);
    assertThat(buffer.stampAt(48)).isEqualTo(5678L);
    assertThat(buffer.stampAt(32 + buffer.capacity())).as("same slot one lap later").isEqualTo(1234L);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void copyWaitsForAClaimedButUnpublishedSlot() throws Exception {
    QuantileBuffer buffer = new QuantileBuffer(4);
    long first = buffer.claim();
    long second = buffer.claim();
    buffer.publish(second, 2.0);
    double[] out = new double[2];
    AtomicInteger copied = new AtomicInteger(-1);
    Thread drainer = new Thread(() -> copied.set(buffer.copy(0, 2, out)));
    drainer.start();
    drainer.join(100);
    assertThat(drainer.isAlive()).as("still waiting for sequence 0").isTrue();
    buffer.publish(first, 1.0);
    drainer.join();
    assertThat(copied.get()).isEqualTo(2);
    assertThat(out).containsExactly(1.0, 2.0);
  }

  @Test
  void aFreshSlotIsNotMistakenForPublished() throws Exception {
    QuantileBuffer buffer = new QuantileBuffer(1);
    buffer.claim(); // sequence 0 maps to slot 0, whose initial content must not read as "0 published"
    Thread drainer = new Thread(() -> buffer.copy(0, 1, new double[1]));
    drainer.start();
    drainer.join(100);
    assertThat(drainer.isAlive()).isTrue();
    buffer.publish(0, 7.0);
    drainer.join(10_000);
    assertThat(drainer.isAlive()).isFalse();
  }

  @Test
  void rejectsBatchSizesThatAreNotPowersOfTwo() {
    for (int size : new int[] {0, -4, 3, 100, 1 << 21}) {
      assertThatThrownBy(() -> new QuantileBuffer(size))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
    }
  }
}
