package io.promsdk.remotewrite;

import java.util.Arrays;

/**
 * The strings of one batch under construction (label names and values, help, units), each kept
 * once and numbered in order of first use, with {@code ""} as number 0: the symbol table of a
 * remote write 2.0 request as it stands, and the compact label store of every protocol (a series
 * holds two ints per label).
 *
 * <p>An open-addressing hash table over the strings' own {@link String#hashCode} (cached in the
 * strings, which are the metrics' label values, so interning allocates nothing once the arrays
 * have grown). Reused from batch to batch; not thread-safe.
 */
final class SymbolInterner {
  private String[] symbols = new String[64];
  private int size;
  /** Symbol number + 1 per slot; 0 is an empty slot. Its length is a power of two. */
  private int[] slots = new int[128];

  SymbolInterner() {
    clear();
  }

  /** Forgets every symbol but {@code ""}. */
  void clear() {
    Arrays.fill(symbols, 1, size == 0 ? 1 : size, null);
    Arrays.fill(slots, 0);
    size = 0;
    intern("");
  }

  /** The number of {@code s}, adding it if it is new. */
  int intern(String s) {
    int mask = slots.length - 1;
    int slot = mix(s.hashCode()) & mask;
    for (int id; (id = slots[slot]) != 0; slot = (slot + 1) & mask) {
      String known = symbols[id - 1];
      if (known == s || known.equals(s)) {
        return id - 1;
      }
    }
    if (size == symbols.length) {
      symbols = Arrays.copyOf(symbols, size * 2);
    }
    symbols[size] = s;
    slots[slot] = ++size;
    if (size * 2 > slots.length) {
      rehash();
    }
    return size - 1;
  }

  int size() {
    return size;
  }

  /** An exact-size copy of the symbols, in number order, for a sealed batch. */
  String[] toArray() {
    return Arrays.copyOf(symbols, size);
  }

  private void rehash() {
    slots = new int[slots.length * 2];
    int mask = slots.length - 1;
    for (int id = 0; id < size; id++) {
      int slot = mix(symbols[id].hashCode()) & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = id + 1;
    }
  }

  /** Spreads String's hash, whose low bits alone collide for similar strings. */
  private static int mix(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
