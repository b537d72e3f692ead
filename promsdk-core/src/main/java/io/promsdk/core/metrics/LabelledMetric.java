package io.promsdk.core.metrics;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.internal.RegistryAccess;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.Labels;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A metric with one child per combination of label values. Children may be cached by callers: a
 * cached child is the fastest way to update a labelled series.
 *
 * <pre>{@code
 * Counter.Child get = requests.labelValues("GET"); // cache it
 * get.inc();
 * }</pre>
 *
 * <p>Cardinality limit ({@link Builder#cardinalityLimit(int, CardinalityOverflow)}): once the
 * metric holds that many label sets, a lookup of a new one returns the overflow series (every
 * variable label {@value CardinalityOverflow#LABEL_VALUE}) or a child that is never exposed, and
 * is counted in {@code promsdk_cardinality_limit_exceeded_total{metric="..."}}. Such a lookup
 * takes no lock. Lookups of existing label sets do not look at the limit at all.
 *
 * <p>Expiry ({@link Builder#expireAfterIdle(Duration)}): series not updated for that long are
 * removed when the metric is collected; see {@link IdleExpiry} for the protocol that keeps updates
 * racing a removal.
 *
 * @param <C> the child type
 */
public abstract class LabelledMetric<C extends LabelledChild> extends Metric {
  final String[] labelNames;
  /**
   * The names of every child's labels (constant ones first); its values are placeholders. A child
   * keeps only its values, which a {@link LiveDataPoint} pairs with these names.
   */
  final Labels labelTemplate;
  final ChildTable<C> children; // package-private for tests
  // Volatile because it is set at the end of the subclass constructor, after the fields newChild uses.
  private volatile C noLabelsChild;
  final LabelSetLimit limit;
  /** Null without {@code expireAfterIdle}. */
  private final IdleExpiry expiry;
  /** The variable label values of the overflow series, and their hash. */
  private final String[] overflowValues;
  private final int overflowHash;
  /** DROP's child, created on first use: updated, never exposed. */
  private volatile C dropped;

  LabelledMetric(Builder<?, ?> builder) {
    super(builder);
    this.labelNames = builder.labelNames.clone();
    String[] variableValues = new String[labelNames.length];
    Arrays.fill(variableValues, "");
    this.labelTemplate = constLabels.and(Labels.of(labelNames, variableValues));
    this.children = new ChildTable<>();
    if (labelNames.length == 0 && (builder.cardinalityLimit != null || builder.expireAfterIdle != null)) {
      throw new IllegalArgumentException(this + " has no labels: "
          + (builder.cardinalityLimit != null ? "cardinalityLimit" : "expireAfterIdle")
          + " applies to the series of label sets (set labelNames(..) or drop the option)");
    }
    if (builder.cardinalityLimit != null && builder.cardinalityLimit < 1) {
      throw new IllegalArgumentException(this + ": cardinalityLimit(" + builder.cardinalityLimit
          + ") must be at least 1 label set (Integer.MAX_VALUE for no limit)");
    }
    if (builder.expireAfterIdle != null && builder.expireAfterIdle.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(this + ": expireAfterIdle(" + builder.expireAfterIdle
          + ") must be at least 1 second (series are checked when collected, to the second)");
    }
    this.limit = new LabelSetLimit(builder.cardinalityLimit == null ? 0 : builder.cardinalityLimit, builder.overflow);
    this.expiry = builder.expireAfterIdle == null ? null
        : new IdleExpiry(builder.expireAfterIdle, builder.expiryClock);
    this.overflowValues = new String[labelNames.length];
    Arrays.fill(overflowValues, CardinalityOverflow.LABEL_VALUE);
    this.overflowHash = ChildTable.hash(overflowValues);
  }

  /** Subclass constructors call this last, once {@link #newChild} can run. */
  final void initNoLabelsChild() {
    if (labelNames.length == 0) {
      noLabelsChild = getOrCreate(new String[0]);
    }
  }

  /**
   * Creates the child for a new series; {@code labelValues} holds the variable label values
   * (validated, not to be kept), {@code labelHash} their hash, which the child keeps for the table.
   */
  abstract C newChild(String[] labelValues, int labelHash);

  /** Starts {@code into} as the series of {@code child}. */
  final LiveDataPoint startSeries(LiveDataPoint into, C child, long createdMillis) {
    return into.start(labelTemplate, constLabels.size(), child, createdMillis);
  }

  /** The labels of {@code child}, for messages: {@code ""} or {@code " {a=\"1\"}"}. */
  final String describeLabels(C child) {
    return labelTemplate.isEmpty() ? "" : " " + startSeries(new LiveDataPoint(type()), child, 0).labels();
  }

  /**
   * Reads {@code child} into {@code into}: the one place each type turns a child into a series,
   * for {@link #snapshot()} and {@link #forEachDataPoint} alike.
   */
  abstract void read(C child, LiveDataPoint into);

  /** Reads the children one by one into a pooled cursor, allocating nothing in the steady state. */
  @Override
  public final void forEachDataPoint(DataPointVisitor visitor) throws IOException {
    if (expiry != null) {
      expiry.sweep(children); // before reading: the invariants of IdleExpiry rely on that order
    }
    LiveDataPoint cursor = LiveDataPoint.acquire(type());
    try {
      children.forEach(this, cursor, visitor);
    } finally {
      cursor.release();
    }
  }

  /** The child for these label values, created on first use. */
  public C labelValues(String value) {
    if (labelNames.length != 1) {
      throw wrongCount(value);
    }
    if (value == null) {
      throw nullValue(0);
    }
    int hash = ChildTable.hash(value);
    C child = children.get(hash, value);
    return child != null ? child : created(hash, new String[] {value});
  }

  /** The child for these label values, created on first use. */
  public C labelValues(String v0, String v1) {
    if (labelNames.length != 2) {
      throw wrongCount(v0, v1);
    }
    if (v0 == null || v1 == null) {
      throw nullValue(v0 == null ? 0 : 1);
    }
    int hash = ChildTable.hash(v0, v1);
    C child = children.get(hash, v0, v1);
    return child != null ? child : created(hash, new String[] {v0, v1});
  }

  /** The child for these label values, created on first use. */
  public C labelValues(String v0, String v1, String v2) {
    if (labelNames.length != 3) {
      throw wrongCount(v0, v1, v2);
    }
    if (v0 == null || v1 == null || v2 == null) {
      throw nullValue(v0 == null ? 0 : v1 == null ? 1 : 2);
    }
    int hash = ChildTable.hash(v0, v1, v2);
    C child = children.get(hash, v0, v1, v2);
    return child != null ? child : created(hash, new String[] {v0, v1, v2});
  }

  /** The child for these label values (in the order of {@code labelNames}), created on first use. */
  public C labelValues(String... values) {
    if (values == null) {
      throw new NullPointerException(this + ": the array of label values is null");
    }
    switch (values.length) {
      case 1:
        return labelValues(values[0]);
      case 2:
        return labelValues(values[0], values[1]);
      case 3:
        return labelValues(values[0], values[1], values[2]);
      default:
        break;
    }
    checkValues(values);
    if (values.length == 0) {
      return noLabelsChild;
    }
    int hash = ChildTable.hash(values);
    C child = children.get(hash, values);
    return child != null ? child : created(hash, values);
  }

  /** Creates the series for these label values now, so that it is exposed (at zero) before first use. */
  public void initLabelValues(String... values) {
    labelValues(values);
  }

  /** Removes the series with these label values; a cached child of it keeps working but is no longer exposed. */
  public void remove(String... values) {
    if (labelNames.length == 0) {
      throw new IllegalStateException(this + " has no labels: its single series cannot be removed");
    }
    checkValues(values);
    children.removeIf(v -> Arrays.equals(v, values));
  }

  /**
   * Removes every series whose label values (in {@code labelNames} order) match. A metric without
   * labels keeps its single series.
   */
  public void removeIf(Predicate<List<String>> filter) {
    if (labelNames.length > 0) {
      children.removeIf(v -> filter.test(List.of(v)));
    }
  }

  /** Removes every labelled series. A metric without labels keeps its single series. */
  public void clear() {
    if (labelNames.length > 0) {
      children.removeIf(v -> true);
    }
  }

  /** The no-labels child, for metrics declared without label names. */
  final C noLabels() {
    C child = noLabelsChild;
    if (child == null) {
      throw new IllegalStateException(this + " has labels " + Arrays.toString(labelNames)
          + ": call labelValues(..) first, e.g. labelValues(\"...\").inc()");
    }
    return child;
  }

  private C getOrCreate(String[] values) {
    return children.getOrCreate(ChildTable.hash(values), values, this::create, LabelSetLimit.UNLIMITED, false);
  }

  /**
   * A lookup that missed: the child created for {@code values} (not kept), or, past the limit, the
   * overflow or dropped child. Past the limit, refused without taking the table's lock.
   */
  private C created(int hash, String[] values) {
    if (children.countedSize() >= limit.max()) {
      return limitReached();
    }
    return resolve(hash, values, null);
  }

  /**
   * The child of {@code values} in the table: the existing one, or {@code reuse} (an expired child
   * being relinked) or else a new child put there, or past the limit the overflow or dropped child.
   */
  private C resolve(int hash, String[] values, C reuse) {
    ChildTable.Factory<C> factory = reuse == null ? this::create : (v, h) -> reuse;
    if (hash == overflowHash && Arrays.equals(values, overflowValues)) {
      return children.getOrCreate(hash, values, factory, LabelSetLimit.UNLIMITED, true);
    }
    C child = children.getOrCreate(hash, values, factory, limit.max(), false);
    return child != null ? child : limitReached();
  }

  /** Counts (and the first time logs) a refused label set; returns the child its updates go to. */
  private C limitReached() {
    limit.refuse(this);
    if (limit.overflow == CardinalityOverflow.DROP) {
      C d = dropped;
      if (d == null) {
        // Not the metric's monitor: revive() gets here holding the table's lock, and code outside
        // may hold the (public) metric's monitor while it looks up a label set (table's lock next).
        synchronized (limit) {
          d = dropped;
          if (d == null) {
            d = newChild(overflowValues.clone(), overflowHash);
            dropped = d;
          }
        }
      }
      return d;
    }
    C overflow = children.get(overflowHash, overflowValues);
    return overflow != null ? overflow : resolve(overflowHash, overflowValues.clone(), null);
  }

  /**
   * The slow path of an update that found {@code child} not live (see {@link IdleExpiry}):
   * returns null when the update stays in {@code child} (still linked, or relinked now), or the
   * child the caller repeats its update on.
   */
  @SuppressWarnings("unchecked")
  final C revive(LabelledChild child) {
    C c = (C) child;
    if (c.idleState == IdleExpiry.RETIRED) {
      // Final: every update of a retired (cached) child goes to its label set's current child.
      // Found without the table's lock, which every update through a stale cached child would
      // otherwise take for as long as the application keeps that child.
      C live = current(c);
      if (live != null) {
        return live;
      }
    }
    synchronized (children) { // the lock of every state change but LIVE <-> IDLE by CAS
      int s = c.idleState;
      if (s == IdleExpiry.LIVE) {
        return null;
      }
      if (IdleExpiry.isIdle(s)) {
        c.idleState = IdleExpiry.LIVE; // the sweep changes IDLE only under this lock
        return null;
      }
      if (s == IdleExpiry.EXPIRED) {
        C live = resolve(c.labelHash, c.values(), c);
        if (live == c) {
          c.idleState = IdleExpiry.LIVE;
          return null;
        }
        c.idleState = IdleExpiry.RETIRED; // its late updates are repeated elsewhere: never relink it
        return live;
      }
      return resolve(c.labelHash, c.values(), null);
    }
  }

  /**
   * The child in the table for {@code c}'s label values, or null. Takes no lock; allocates only
   * for three labels or more.
   */
  private C current(C c) {
    switch (c.valueCount()) {
      case 1:
        return children.get(c.labelHash, c.value0);
      case 2:
        return children.get(c.labelHash, c.value0, c.value1);
      default:
        return children.get(c.labelHash, c.values());
    }
  }

  /**
   * Registration with {@code registry}: takes its {@code defaultCardinalityLimit} unless the builder
   * set a limit, and lets it expose this metric's refused label sets.
   */
  @Override
  public void registeredWith(CollectorRegistry registry) {
    if (labelNames.length == 0) {
      return;
    }
    int registryDefault = registry.defaultCardinalityLimit();
    if (registryDefault != LabelSetLimit.UNLIMITED) {
      limit.applyDefault(registryDefault);
    }
    LongSupplier refused = limit.refused::sum;
    RegistryAccess.countCardinalityLimit(registry, this, name(), refused);
  }

  private C create(String[] values, int hash) {
    Labels.of(labelNames, values); // refuses values that cannot be encoded, naming the label
    return newChild(values, hash);
  }

  /** Refuses a null array, a wrong number of values or a null value, naming the label. */
  private void checkValues(String[] values) {
    if (values == null) {
      throw new NullPointerException(this + ": the array of label values is null");
    }
    if (values.length != labelNames.length) {
      throw wrongCount((Object[]) values);
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw nullValue(i);
      }
    }
  }

  private IllegalArgumentException wrongCount(Object... values) {
    return new IllegalArgumentException(this + " has " + labelNames.length + " label names "
        + Arrays.toString(labelNames) + " but got " + values.length + " label values "
        + Arrays.toString(values));
  }

  private NullPointerException nullValue(int index) {
    return new NullPointerException(this + ": the value of label '" + labelNames[index] + "' is null");
  }

  /**
   * Settings of every labelled metric: those of {@link Metric.Builder}, a cardinality limit and
   * an idle expiry.
   *
   * <pre>{@code
   * Counter logins = Counter.builder().name("logins_total").labelNames("tenant")
   *     .cardinalityLimit(1000)                  // tenant #1001 on goes to tenant="_overflow_"
   *     .expireAfterIdle(Duration.ofHours(1))    // a tenant silent for an hour disappears
   *     .register(registry);
   * }</pre>
   *
   * @param <B> the concrete builder, so that chained calls keep their type
   * @param <M> the metric it builds
   */
  public abstract static class Builder<B extends Builder<B, M>, M extends Metric> extends Metric.Builder<B, M> {
    /** Null: none set, the registry's default applies. */
    Integer cardinalityLimit;
    CardinalityOverflow overflow = CardinalityOverflow.OVERFLOW_SERIES;
    Duration expireAfterIdle;
    LongSupplier expiryClock = IdleExpiry::monotonicMillis;

    Builder() {}

    /**
     * At most {@code maxLabelSets} label sets; further ones go to one overflow series whose
     * variable labels are all {@value CardinalityOverflow#LABEL_VALUE}. Overrides the registry's
     * {@link CollectorRegistry#setDefaultCardinalityLimit default}; {@code Integer.MAX_VALUE} for
     * no limit. Checked (with the metric's name in the message) by {@link #build()}: at least 1.
     */
    public B cardinalityLimit(int maxLabelSets) {
      return cardinalityLimit(maxLabelSets, CardinalityOverflow.OVERFLOW_SERIES);
    }

    /** As {@link #cardinalityLimit(int)}, with what happens to the label sets beyond it. */
    public B cardinalityLimit(int maxLabelSets, CardinalityOverflow overflow) {
      this.cardinalityLimit = maxLabelSets;
      this.overflow = Objects.requireNonNull(overflow, "overflow");
      return self();
    }

    /**
     * Removes a label set's series once it has not been updated for {@code idleTime} (at least 1
     * second), when the metric is next collected. A cached child of a removed series keeps working:
     * its next update brings the series back (with its values) unless the label set was recreated
     * meanwhile, in which case the update goes to the new series. Checked by {@link #build()}.
     */
    public B expireAfterIdle(Duration idleTime) {
      this.expireAfterIdle = Objects.requireNonNull(idleTime, "idleTime");
      return self();
    }

    /** The monotonic millisecond clock of the expiry; for tests. */
    B expiryClock(LongSupplier millisClock) {
      this.expiryClock = millisClock;
      return self();
    }
  }
}
