package io.promsdk.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.exporter.common.push.SenderClock;
import io.promsdk.remotewrite.TextBatches.TextBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The bound, the drop order and the per-shard order of the queue. */
class ShardQueueTest {
  private final Map<String, Integer> dropped = new ConcurrentHashMap<>();
  private final List<Long> sizes = new ArrayList<>();
  private final ShardQueue.Listener listener = new ShardQueue.Listener() {
    @Override
    public void dropped(String reason, int samples) {
      dropped.merge(reason, samples, Integer::sum);
    }

    @Override
    public void queued(long samples) {
      sizes.add(samples);
    }
  };

  private static TextBatch batch(int shard, int samples, String text) {
    return new TextBatch(shard, 1000, samples, text);
  }

  @Test
  void overflowDropsTheOldestBatchesAcrossShardsAndCountsTheirSamples() throws Exception {
    ShardQueue queue = new ShardQueue(2, 10, listener);
    queue.offer(List.of(batch(0, 3, "a0"), batch(1, 3, "a1")));
    queue.offer(List.of(batch(0, 3, "b0"), batch(1, 3, "b1"))); // 12 > 10: a0 goes

    assertThat(dropped).containsExactly(Map.entry("queue_full", 3));
    assertThat(queue.queuedSamples()).isEqualTo(9);
    assertThat(queue.awaitHead(0).batch()).extracting(b -> ((TextBatch) b).text()).isEqualTo("b0");
    assertThat(queue.awaitHead(1).batch()).extracting(b -> ((TextBatch) b).text()).isEqualTo("a1");
    assertThat(sizes).containsExactly(6L, 9L);
  }

  @Test
  void aShardHandsOutItsBatchesInOrderAndOnlyItsHeadCanBeRemoved() throws Exception {
    ShardQueue queue = new ShardQueue(1, 100, listener);
    queue.offer(List.of(batch(0, 1, "first")));
    queue.offer(List.of(batch(0, 1, "second")));
    ShardQueue.Entry first = queue.awaitHead(0);
    ShardQueue.Entry second = new ShardQueue.Entry(batch(0, 1, "second"), 1);

    queue.remove(0, second); // not the head: nothing happens
    assertThat(queue.queuedSamples()).isEqualTo(2);
    queue.remove(0, first);
    assertThat(((TextBatch) queue.awaitHead(0).batch()).text()).isEqualTo("second");
    assertThat(queue.isHead(0, first)).isFalse();
  }

  @Test
  void awaitDoneIsTrueOnceEveryBatchUpToTheSequenceLeftAndStopCountsTheRestAsClosed()
      throws Exception {
    ShardQueue queue = new ShardQueue(2, 100, listener);
    long seq = queue.offer(List.of(batch(0, 1, "x"), batch(1, 2, "y")));
    long deadline = System.nanoTime() + 50_000_000L;
    assertThat(queue.awaitDone(seq, deadline, SenderClock.system())).isFalse();

    queue.remove(0, queue.awaitHead(0));
    queue.remove(1, queue.awaitHead(1));
    assertThat(queue.awaitDone(seq, System.nanoTime(), SenderClock.system())).isTrue();

    queue.offer(List.of(batch(1, 4, "z")));
    queue.stop();
    assertThat(dropped).containsExactly(Map.entry("closed", 4));
    assertThat(queue.awaitHead(1)).isNull();
    queue.offer(List.of(batch(0, 5, "late")));
    assertThat(dropped).containsEntry("closed", 9);
  }
}
