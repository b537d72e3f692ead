package io.promsdk.exporter.common;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small lock-free pool of {@link PooledResponse}s, so that steady-state scrapes reuse grown
 * buffers. When every slot is taken a fresh response is made and dropped afterwards; nothing
 * blocks. Slots rather than a queue because a queue allocates a node per offer.
 *
 * <p>A slot keeps at most {@link #MAX_RETAINED_BYTES} of buffers (a 1 MiB body, the default
 * largest buffered one, with its gzipped copy), so a pool of n slots holds at most n times that
 * between scrapes. Buffers grown past it (with a larger buffer limit) are used for that scrape
 * only: the response goes back to the pool with fresh small buffers, keeping its deflater.
 */
final class ResponsePool {
  /** Buffer bytes a pooled response may keep: 2 MiB. */
  static final long MAX_RETAINED_BYTES = 2L * 1024 * 1024;

  private final AtomicReferenceArray<PooledResponse> slots;
  private final int maxBufferedBytes;

  /** @param maxBufferedBytes the largest body of metrics a response buffers rather than streams */
  ResponsePool(int size, int maxBufferedBytes) {
    this.slots = new AtomicReferenceArray<>(size);
    this.maxBufferedBytes = maxBufferedBytes;
  }

  PooledResponse acquire(String method) {
    for (int i = 0; i < slots.length(); i++) {
      PooledResponse r = slots.getAndSet(i, null);
      if (r != null) {
        return r.reset(method);
      }
    }
    return new PooledResponse(this, maxBufferedBytes).reset(method);
  }

  void release(PooledResponse response) {
    if (response.retainedBytes() > MAX_RETAINED_BYTES) {
      response.shrinkBuffers();
    }
    for (int i = 0; i < slots.length(); i++) {
      if (slots.compareAndSet(i, null, response)) {
        return;
      }
    }
    response.discard();
  }
}
