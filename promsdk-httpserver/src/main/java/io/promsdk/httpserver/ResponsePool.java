package io.promsdk.httpserver;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small lock-free pool of {@link ScrapeResponse}s, so that steady-state scrapes reuse grown
 * buffers. When every slot is taken a fresh response is made and dropped afterwards; nothing
 * blocks. Slots rather than a queue because a queue allocates a node per offer.
 */
final class ResponsePool {
  /** A response whose buffers grew past this is dropped, so one huge scrape is not kept forever. */
  static final long MAX_RETAINED_BYTES = 32L * 1024 * 1024;

  private final AtomicReferenceArray<ScrapeResponse> slots;

  ResponsePool(int size) {
    slots = new AtomicReferenceArray<>(size);
  }

  ScrapeResponse acquire(String method) {
    for (int i = 0; i < slots.length(); i++) {
      ScrapeResponse r = slots.getAndSet(i, null);
      if (r != null) {
        return r.reset(method);
      }
    }
    return new ScrapeResponse(this).reset(method);
  }

  void release(ScrapeResponse response) {
    if (response.retainedBytes() <= MAX_RETAINED_BYTES) {
      for (int i = 0; i < slots.length(); i++) {
        if (slots.compareAndSet(i, null, response)) {
          return;
        }
      }
    }
    response.discard();
  }
}
