package io.promsdk.remotewrite;

import io.promsdk.exporter.common.push.SenderClock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The batches waiting to be sent, one FIFO per shard, bounded in samples across all shards.
 *
 * <p>A shard's sender works on the head of its FIFO and removes it only when it was sent or
 * dropped, so a shard's batches leave in the order they were read (a series' timestamps reach
 * the receiver in order). When a new read would exceed the bound, the oldest batches (lowest
 * sequence number among the shard heads) are dropped until it fits; a batch being retried may be
 * among them, and its sender notices that the head changed ({@link #isHead}) and moves on.
 *
 * <p>Invariants, all under {@link #lock}: {@code queuedSamples} is the sum of the sample counts
 * of every entry in every FIFO; sequence numbers grow in offer order and each FIFO holds them
 * ascending; once {@code stopped}, no entry is handed out again. Every change signals {@link
 * #changed}, on which senders (work, backoff) and flushes wait.
 */
final class ShardQueue {
  /** A queued batch and its place in the order of all batches ever offered. */
  record Entry(WriteBatch batch, long seq) {}

  /** Told, under the queue's lock, of what the queue holds and drops; must not block. */
  interface Listener {
    /** The queue dropped {@code samples} samples, for {@code reason}. */
    void dropped(String reason, int samples);

    /** The queue now holds {@code samples} samples. */
    void queued(long samples);
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Entry>[] shards;
  private final long capacitySamples;
  private final Listener drops;
  private long queuedSamples;
  private long nextSeq;
  private boolean stopped;

  @SuppressWarnings("unchecked")
  ShardQueue(int shardCount, long capacitySamples, Listener drops) {
    this.shards = new ArrayDeque[shardCount];
    for (int i = 0; i < shardCount; i++) {
      shards[i] = new ArrayDeque<>();
    }
    this.capacitySamples = capacitySamples;
    this.drops = drops;
  }

  int shardCount() {
    return shards.length;
  }

  /**
   * Queues one read's batches, dropping the oldest queued batches (reason {@code queue_full})
   * while they would not fit.
   *
   * @return the sequence number of the last batch queued so far (for {@link #awaitDone})
   */
  long offer(List<WriteBatch> batches) {
    lock.lock();
    try {
      for (WriteBatch batch : batches) {
        if (stopped) {
          drops.dropped("closed", batch.sampleCount());
          continue;
        }
        while (queuedSamples + batch.sampleCount() > capacitySamples && dropOldest()) {
          // dropOldest made room.
        }
        shards[batch.shard()].addLast(new Entry(batch, nextSeq++));
        queuedSamples += batch.sampleCount();
      }
      drops.queued(queuedSamples);
      changed.signalAll();
      return nextSeq - 1;
    } finally {
      lock.unlock();
    }
  }

  private boolean dropOldest() {
    ArrayDeque<Entry> oldest = null;
    for (ArrayDeque<Entry> shard : shards) {
      Entry head = shard.peekFirst();
      if (head != null && (oldest == null || head.seq() < oldest.peekFirst().seq())) {
        oldest = shard;
      }
    }
    if (oldest == null) {
      return false;
    }
    Entry dropped = oldest.removeFirst();
    queuedSamples -= dropped.batch().sampleCount();
    drops.dropped("queue_full", dropped.batch().sampleCount());
    return true;
  }

  /** Waits for a batch at the head of {@code shard}; null once stopped. */
  Entry awaitHead(int shard) throws InterruptedException {
    lock.lock();
    try {
      while (!stopped && shards[shard].isEmpty()) {
        changed.await();
      }
      return stopped ? null : shards[shard].peekFirst();
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code entry} is still at the head of {@code shard} (not dropped) and the queue runs. */
  boolean isHead(int shard, Entry entry) {
    lock.lock();
    try {
      return !stopped && shards[shard].peekFirst() == entry;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes {@code entry} (sent, or dropped by its sender) if it is still the head of {@code shard}.
   *
   * @return false if it was no longer there (the queue bound or close dropped it, and counted it)
   */
  boolean remove(int shard, Entry entry) {
    lock.lock();
    try {
      if (shards[shard].peekFirst() != entry) {
        return false;
      }
      shards[shard].removeFirst();
      queuedSamples -= entry.batch().sampleCount();
      drops.queued(queuedSamples);
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A sender's backoff: waits on {@code clock} until {@code wakeNanos}.
   *
   * @return true to retry {@code entry}; false if the queue stopped or the entry was dropped
   */
  boolean awaitRetry(int shard, Entry entry, long wakeNanos, SenderClock clock)
      throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (stopped || shards[shard].peekFirst() != entry) {
          return false;
        }
        long left = wakeNanos - clock.nanoTime();
        if (left <= 0) {
          return true;
        }
        clock.await(changed, left);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until every batch up to sequence number {@code seq} has left the queue (sent or
   * dropped), or until {@code deadlineNanos} on {@code clock}, or until stopped.
   *
   * @return whether they all left
   */
  boolean awaitDone(long seq, long deadlineNanos, SenderClock clock) throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (allLeft(seq)) {
          return true;
        }
        long left = deadlineNanos - clock.nanoTime();
        if (stopped || left <= 0) {
          return false;
        }
        clock.await(changed, left);
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean allLeft(long seq) {
    for (ArrayDeque<Entry> shard : shards) {
      Entry head = shard.peekFirst();
      if (head != null && head.seq() <= seq) {
        return false;
      }
    }
    return true;
  }

  /** Samples queued, in flight included. */
  long queuedSamples() {
    lock.lock();
    try {
      return queuedSamples;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops handing out batches, wakes every waiter, and drops what is left (reason {@code
   * closed}). Idempotent.
   */
  void stop() {
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      stopped = true;
      for (ArrayDeque<Entry> shard : shards) {
        for (Entry e : shard) {
          drops.dropped("closed", e.batch().sampleCount());
        }
        shard.clear();
      }
      queuedSamples = 0;
      drops.queued(0);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
