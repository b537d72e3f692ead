package io.promsdk.remotewrite;

import io.promsdk.exposition.internal.ProtobufBuffer;

/**
 * Turns a batch into a request body: protobuf into a scratch buffer, then snappy into the
 * sender's {@link RequestBuffer}. The scratch buffer, the compressor's hash table and the
 * histogram cursor are kept per thread (each shard sender encodes on its own thread), so a
 * steady-state encode allocates nothing; each thread retains about the size of its largest
 * uncompressed request.
 */
final class RequestEncoding {
  private static final ThreadLocal<RequestEncoding> PER_THREAD = ThreadLocal.withInitial(RequestEncoding::new);

  private final ProtobufBuffer protobuf = new ProtobufBuffer();
  private final SnappyBlock snappy = new SnappyBlock();
  private final StoredHistogram histogram = new StoredHistogram();

  private RequestEncoding() {}

  static void encode(ColumnarBatch batch, RemoteWriteProtocol protocol, RequestBuffer out) {
    PER_THREAD.get().encodeNow(batch, protocol, out);
  }

  private void encodeNow(ColumnarBatch batch, RemoteWriteProtocol protocol, RequestBuffer out) {
    protobuf.reset(null);
    switch (protocol) {
      case V1 -> V1RequestEncoder.encode(batch, protobuf, histogram);
      case V2 -> V2RequestEncoder.encode(batch, protobuf, histogram);
    }
    int length = protobuf.position();
    byte[] body = out.reset(SnappyBlock.maxCompressedLength(length));
    out.setLength(snappy.compress(protobuf.array(), 0, length, body, 0));
  }
}
