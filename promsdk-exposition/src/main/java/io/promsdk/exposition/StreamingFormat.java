package io.promsdk.exposition;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.StateSetDataPointView;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * What every format of this module shares, whatever its bytes: what it declares for negotiation,
 * the collection of a registry or a list of snapshots into a pooled {@link Scrape}, and the name
 * check of its families, all before the first byte. A subclass only writes the families of a
 * checked scrape, each by visiting its data points through the views of its type.
 *
 * <pre>{@code
 * final class MyFormat extends StreamingFormat {
 *   void writeFamilies(OutputStream out, Scrape scrape) throws IOException {
 *     for (int i = 0; i < scrape.size(); i++) {
 *       scrape.family(i).forEachDataPoint(myVisitor);
 *     }
 *   }
 * }
 * }</pre>
 */
abstract class StreamingFormat implements ExpositionFormat {
  private final String name;
  private final String contentType;
  private final MediaType mediaType;
  private final boolean pushable;
  private final String displayName;
  private final Map<MetricType, List<String>> occupiedSuffixes = new EnumMap<>(MetricType.class);
  private final FamilyNameCheck nameCheck;

  /**
   * @param displayName the format's name in error messages, e.g. "the Prometheus text format"
   * @param occupiedSuffixes per type, the names a family of that type may write in this format,
   *     as suffixes of its name ({@code ""} for the name itself), derived from {@link
   *     io.promsdk.core.model.SampleSuffixes}; two families in one exposition must not share any
   */
  StreamingFormat(String name, String contentType, MediaType mediaType, boolean pushable,
      String displayName, Function<MetricType, List<String>> occupiedSuffixes) {
    this.name = name;
    this.contentType = contentType;
    this.mediaType = mediaType;
    this.pushable = pushable;
    this.displayName = displayName;
    for (MetricType type : MetricType.values()) {
      this.occupiedSuffixes.put(type, List.copyOf(occupiedSuffixes.apply(type)));
    }
    this.nameCheck = newNameCheck();
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String contentType() {
    return contentType;
  }

  @Override
  public final MediaType mediaType() {
    return mediaType;
  }

  @Override
  public final boolean pushable() {
    return pushable;
  }

  @Override
  public final String toString() {
    return name;
  }

  /** A name check of this format's own, remembering nothing yet. */
  final FamilyNameCheck newNameCheck() {
    return new FamilyNameCheck(displayName, occupiedSuffixes);
  }

  @Override
  public final void write(OutputStream out, MetricSnapshots snapshots, ExpositionOptions options)
      throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(options, "options");
    Scrape scrape = Scrape.acquire(Scrape.ALL, options);
    try {
      for (int i = 0; i < snapshots.size(); i++) {
        scrape.add(snapshots.get(i));
      }
      nameCheck.check(scrape);
      writeFamilies(out, scrape);
    } finally {
      scrape.release();
    }
  }

  @Override
  public final void write(OutputStream out, CollectorRegistry registry,
      BiPredicate<String, MetricType> familyFilter, ExpositionOptions options) throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(familyFilter, "familyFilter");
    Objects.requireNonNull(options, "options");
    Scrape scrape = Scrape.acquire(familyFilter, options);
    try {
      scrape.collect(registry, nameCheck);
      nameCheck.check(scrape);
      writeFamilies(out, scrape);
    } finally {
      scrape.release();
    }
  }

  /**
   * Writes every family of {@code scrape}, checked already, and whatever ends the exposition;
   * flushes what it buffers, but neither flushes nor closes {@code out}.
   */
  abstract void writeFamilies(OutputStream out, Scrape scrape) throws IOException;

  /**
   * Whether state {@code i} of {@code s} was named by an earlier state: every format writes a
   * state named twice once, with its first flag, as two samples with the same labels would be
   * invalid.
   */
  static boolean isRepeatedState(StateSetDataPointView s, int i) {
    for (int j = 0; j < i; j++) {
      if (s.stateName(j).equals(s.stateName(i))) {
        return true;
      }
    }
    return false;
  }
}
