package io.promsdk.remotewrite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Snappy block compression (google/snappy {@code format_description.txt}), the body encoding of
 * remote write 1.0 and 2.0: the uncompressed length as a varint, then literals and back
 * references (copies) of at most 64 KiB back. Our own encoder, so that the module needs no native
 * library and cannot clash with the snappy-java a user's application may carry; its output is
 * checked against snappy-java's decompressor and measured against its compressor in
 * promsdk-benchmarks.
 *
 * <p>The algorithm is the reference one: the input is cut into blocks of 64 KiB; within a block
 * a hash table of 4-byte sequences remembers the last position each was seen at; a match of at
 * least 4 bytes becomes a copy, extended as far as it goes; the scan skips ahead faster the
 * longer it finds nothing (so incompressible input costs little).
 *
 * <p>One instance per thread: it keeps its hash table, so compressing allocates nothing. Not
 * thread-safe.
 */
final class SnappyBlock {
  private static final VarHandle LITTLE_ENDIAN_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final int BLOCK_SIZE = 1 << 16;
  private static final int MAX_TABLE_SIZE = 1 << 14;
  /** The last bytes of a block are always a literal: the match loop reads up to 8 bytes ahead. */
  private static final int INPUT_MARGIN = 16 - 1;
  private static final int MIN_NON_LITERAL_BLOCK = 1 + 1 + INPUT_MARGIN;
  private static final int TAG_LITERAL = 0;
  private static final int TAG_COPY_1 = 1;
  private static final int TAG_COPY_2 = 2;

  /** Positions within the current block (so 16 bits each) of the last 4-byte sequence per hash. */
  private final short[] table = new short[MAX_TABLE_SIZE];

  /** The most bytes {@link #compress} writes for {@code length} input bytes. */
  static int maxCompressedLength(int length) {
    return 32 + length + length / 6;
  }

  /**
   * Compresses {@code src[offset, offset + length)} into {@code dst} from {@code dstOffset},
   * which must have {@link #maxCompressedLength} bytes of room; returns the compressed length.
   */
  int compress(byte[] src, int offset, int length, byte[] dst, int dstOffset) {
    int d = putVarint(dst, dstOffset, length);
    for (int block = offset, end = offset + length; block < end; block += BLOCK_SIZE) {
      int blockLength = Math.min(BLOCK_SIZE, end - block);
      if (blockLength < MIN_NON_LITERAL_BLOCK) {
        d = literal(dst, d, src, block, blockLength);
      } else {
        d = compressBlock(src, block, blockLength, dst, d);
      }
    }
    return d - dstOffset;
  }

  private int compressBlock(byte[] src, int base, int length, byte[] dst, int d) {
    int shift = 32 - 8;
    int tableSize = 1 << 8;
    while (tableSize < MAX_TABLE_SIZE && tableSize < length) {
      tableSize <<= 1;
      shift--;
    }
    int mask = tableSize - 1;
    Arrays.fill(table, 0, tableSize, (short) 0);
    int limit = length - INPUT_MARGIN; // positions relative to base from here on
    int nextEmit = 0;
    int s = 1;
    int nextHash = hash(load32(src, base + s), shift);
    while (true) {
      // Look for a match, skipping ahead faster (1 byte more every 32 misses) while none is found.
      int skip = 32;
      int next = s;
      int candidate;
      do {
        s = next;
        int step = skip >> 5;
        next = s + step;
        skip += step;
        if (next > limit) {
          return remainder(src, base, length, nextEmit, dst, d);
        }
        candidate = table[nextHash & mask] & 0xFFFF;
        table[nextHash & mask] = (short) s;
        nextHash = hash(load32(src, base + next), shift);
      } while (load32(src, base + s) != load32(src, base + candidate));

      d = literal(dst, d, src, base + nextEmit, s - nextEmit);
      // Emit copies while the bytes right after one copy match again.
      while (true) {
        int matchStart = s;
        s = matchEnd(src, base, candidate + 4, s + 4, length);
        d = copy(dst, d, matchStart - candidate, s - matchStart);
        nextEmit = s;
        if (s >= limit) {
          return remainder(src, base, length, nextEmit, dst, d);
        }
        long x = load64(src, base + s - 1);
        table[hash((int) x, shift) & mask] = (short) (s - 1);
        int currentHash = hash((int) (x >>> 8), shift);
        candidate = table[currentHash & mask] & 0xFFFF;
        table[currentHash & mask] = (short) s;
        if ((int) (x >>> 8) != load32(src, base + candidate)) {
          nextHash = hash((int) (x >>> 16), shift);
          s++;
          break;
        }
      }
    }
  }

  /**
   * Where the match that continues at {@code i} and {@code s} (both relative to {@code base}, {@code
   * i < s}) ends: 8 bytes compared at a time while a whole word fits, the first differing byte
   * found from the lowest set bit of their XOR (little-endian loads), then byte by byte at the end.
   */
  private static int matchEnd(byte[] src, int base, int i, int s, int length) {
    while (s + 8 <= length) {
      long diff = load64(src, base + i) ^ load64(src, base + s);
      if (diff != 0) {
        return s + (Long.numberOfTrailingZeros(diff) >>> 3);
      }
      i += 8;
      s += 8;
    }
    while (s < length && src[base + i] == src[base + s]) {
      i++;
      s++;
    }
    return s;
  }

  private static int remainder(byte[] src, int base, int length, int nextEmit, byte[] dst, int d) {
    return nextEmit < length ? literal(dst, d, src, base + nextEmit, length - nextEmit) : d;
  }

  private static int hash(int fourBytes, int shift) {
    return (fourBytes * 0x1e35a7bd) >>> shift;
  }

  private static int load32(byte[] b, int i) {
    return (int) LITTLE_ENDIAN_INT.get(b, i);
  }

  private static long load64(byte[] b, int i) {
    return (long) LITTLE_ENDIAN_LONG.get(b, i);
  }

  /** A literal of {@code n} bytes (1 to 64 KiB): tag with the length, then the bytes. */
  private static int literal(byte[] dst, int d, byte[] src, int from, int n) {
    int lengthMinusOne = n - 1;
    if (lengthMinusOne < 60) {
      dst[d++] = (byte) (lengthMinusOne << 2 | TAG_LITERAL);
    } else if (lengthMinusOne < 1 << 8) {
      dst[d++] = (byte) (60 << 2 | TAG_LITERAL);
      dst[d++] = (byte) lengthMinusOne;
    } else {
      dst[d++] = (byte) (61 << 2 | TAG_LITERAL);
      dst[d++] = (byte) lengthMinusOne;
      dst[d++] = (byte) (lengthMinusOne >>> 8);
    }
    System.arraycopy(src, from, dst, d, n);
    return d + n;
  }

  /**
   * A back reference of {@code length} bytes from {@code offset} back (under 64 KiB): 3-byte
   * copies of 64 (or 60, so that at least 4 remain) while long, then one 2-byte copy if it fits
   * (4 to 11 bytes, offset under 2 KiB) or a 3-byte one.
   */
  private static int copy(byte[] dst, int d, int offset, int length) {
    while (length >= 68) {
      d = copy2(dst, d, offset, 64);
      length -= 64;
    }
    if (length > 64) {
      d = copy2(dst, d, offset, 60);
      length -= 60;
    }
    if (length >= 12 || offset >= 2048) {
      return copy2(dst, d, offset, length);
    }
    dst[d++] = (byte) ((offset >>> 8) << 5 | (length - 4) << 2 | TAG_COPY_1);
    dst[d++] = (byte) offset;
    return d;
  }

  private static int copy2(byte[] dst, int d, int offset, int length) {
    dst[d++] = (byte) ((length - 1) << 2 | TAG_COPY_2);
    dst[d++] = (byte) offset;
    dst[d++] = (byte) (offset >>> 8);
    return d;
  }

  private static int putVarint(byte[] dst, int d, int v) {
    while ((v & ~0x7F) != 0) {
      dst[d++] = (byte) (v | 0x80);
      v >>>= 7;
    }
    dst[d++] = (byte) v;
    return d;
  }
}
