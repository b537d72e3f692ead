package io.promsdk.instrumentation.jvm;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The categories of Native Memory Tracking's summary ({@code jcmd <pid> VM.native_memory summary})
 * with their reserved and committed bytes; the grand total is the category {@code Total}.
 * Immutable.
 */
final class NmtSummary {
  // "Total: reserved=1464798KB, committed=97878KB" and "-   Java Heap (reserved=262144KB, committed=16384KB)"
  private static final Pattern TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB");
  private static final Pattern CATEGORY = Pattern.compile("^-\\s*(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

  private final String[] categories;
  private final double[] reserved;
  private final double[] committed;

  private NmtSummary(Map<String, long[]> byCategory) {
    int n = byCategory.size();
    categories = byCategory.keySet().toArray(new String[0]);
    reserved = new double[n];
    committed = new double[n];
    int i = 0;
    for (long[] kilobytes : byCategory.values()) {
      reserved[i] = kilobytes[0] * 1024.0;
      committed[i] = kilobytes[1] * 1024.0;
      i++;
    }
  }

  /**
   * Parses the summary text; null if {@code text} is null or holds no total (NMT off: the command
   * then answers "Native memory tracking is not enabled").
   */
  static NmtSummary parse(String text) {
    if (text == null) {
      return null;
    }
    Map<String, long[]> byCategory = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      Matcher total = TOTAL.matcher(line.trim());
      if (total.find()) {
        byCategory.put("Total", new long[] {Long.parseLong(total.group(1)), Long.parseLong(total.group(2))});
        continue;
      }
      Matcher category = CATEGORY.matcher(line.trim());
      if (category.find()) {
        // A category name appears once in a summary; putIfAbsent keeps label sets distinct anyway.
        byCategory.putIfAbsent(category.group(1).trim(),
            new long[] {Long.parseLong(category.group(2)), Long.parseLong(category.group(3))});
      }
    }
    return byCategory.containsKey("Total") ? new NmtSummary(byCategory) : null;
  }

  /**
   * Asks this JVM's diagnostic command bean for the summary (what {@code jcmd} would print); null
   * when the JVM has no such bean (not HotSpot, or without the jdk.management module).
   */
  static String readFromThisJvm() {
    try {
      Object text = ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
          new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
      return text instanceof String s ? s : null;
    } catch (JMException e) {
      return null;
    }
  }

  int size() {
    return categories.length;
  }

  String category(int i) {
    return categories[i];
  }

  double[] reservedBytes() {
    return reserved.clone();
  }

  double[] committedBytes() {
    return committed.clone();
  }
}
