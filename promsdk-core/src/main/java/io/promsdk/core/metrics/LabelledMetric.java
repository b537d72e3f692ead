package io.promsdk.core.metrics;

import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.Labels;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
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
 * @param <C> the child type
 */
public abstract class LabelledMetric<C extends LabelledChild> extends Metric {
  final String[] labelNames;
  /**
   * The names of every child's labels (constant ones first); its values are placeholders. A child
   * keeps only its values, which a {@link LiveDataPoint} pairs with these names.
   */
  final Labels labelTemplate;
  private final ChildTable<C> children;
  // Volatile because it is set at the end of the subclass constructor, after the fields newChild uses.
  private volatile C noLabelsChild;

  LabelledMetric(Builder<?, ?> builder) {
    super(builder);
    this.labelNames = builder.labelNames.clone();
    String[] variableValues = new String[labelNames.length];
    Arrays.fill(variableValues, "");
    this.labelTemplate = constLabels.and(Labels.of(labelNames, variableValues));
    this.children = new ChildTable<>();
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
    return child != null ? child : children.getOrCreate(hash, new String[] {value}, this::create);
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
    return child != null ? child : children.getOrCreate(hash, new String[] {v0, v1}, this::create);
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
    return child != null ? child : children.getOrCreate(hash, new String[] {v0, v1, v2}, this::create);
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
    return child != null ? child : children.getOrCreate(hash, values, this::create);
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
    return children.getOrCreate(ChildTable.hash(values), values, this::create);
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
}
