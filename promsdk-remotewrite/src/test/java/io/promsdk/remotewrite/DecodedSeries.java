package io.promsdk.remotewrite;

import static io.promsdk.remotewrite.RemoteWriteProto.get;
import static io.promsdk.remotewrite.RemoteWriteProto.list;
import static io.promsdk.remotewrite.RemoteWriteProto.messages;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TextFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * One decoded {@code TimeSeries} of either protocol as a line of text, so that a test compares a
 * whole request with what it expects at a glance: labels in the order received, then the sample
 * ({@code value @timestamp}) or histogram (protobuf text), the exemplars, and for 2.0 the start
 * timestamp and metadata.
 */
final class DecodedSeries {
  private DecodedSeries() {}

  static List<String> v1(DynamicMessage request) {
    List<String> lines = new ArrayList<>();
    for (DynamicMessage ts : messages(request, "timeseries")) {
      StringBuilder line = new StringBuilder("{");
      for (DynamicMessage label : messages(ts, "labels")) {
        pair(line, (String) get(label, "name"), (String) get(label, "value"));
      }
      line.append('}');
      for (DynamicMessage sample : messages(ts, "samples")) {
        line.append(' ').append(get(sample, "value")).append(" @").append(get(sample, "timestamp"));
      }
      for (DynamicMessage h : messages(ts, "histograms")) {
        line.append(" histogram{").append(TextFormat.printer().emittingSingleLine(true).printToString(h)).append('}');
      }
      for (DynamicMessage e : messages(ts, "exemplars")) {
        line.append(" # {");
        for (DynamicMessage label : messages(e, "labels")) {
          pair(line, (String) get(label, "name"), (String) get(label, "value"));
        }
        line.append("} ").append(get(e, "value")).append(" @").append(get(e, "timestamp"));
      }
      lines.add(line.toString());
    }
    return lines;
  }

  static List<String> v2(DynamicMessage request) {
    List<String> symbols = list(request, "symbols");
    List<String> lines = new ArrayList<>();
    for (DynamicMessage ts : messages(request, "timeseries")) {
      StringBuilder line = new StringBuilder("{");
      refs(line, symbols, list(ts, "labels_refs"));
      line.append('}');
      for (DynamicMessage sample : messages(ts, "samples")) {
        line.append(' ').append(get(sample, "value")).append(" @").append(get(sample, "timestamp"));
        long start = (Long) get(sample, "start_timestamp");
        if (start != 0) {
          line.append(" start=").append(start);
        }
      }
      for (DynamicMessage h : messages(ts, "histograms")) {
        line.append(" histogram{").append(TextFormat.printer().emittingSingleLine(true).printToString(h)).append('}');
      }
      for (DynamicMessage e : messages(ts, "exemplars")) {
        line.append(" # {");
        refs(line, symbols, list(e, "labels_refs"));
        line.append("} ").append(get(e, "value")).append(" @").append(get(e, "timestamp"));
      }
      DynamicMessage m = (DynamicMessage) get(ts, "metadata");
      line.append(" meta{").append(get(m, "type")).append(" help=\"").append(symbols.get((Integer) get(m, "help_ref")))
          .append("\" unit=\"").append(symbols.get((Integer) get(m, "unit_ref"))).append("\"}");
      lines.add(line.toString());
    }
    return lines;
  }

  private static void refs(StringBuilder line, List<String> symbols, List<Integer> refs) {
    for (int i = 0; i < refs.size(); i += 2) {
      pair(line, symbols.get(refs.get(i)), symbols.get(refs.get(i + 1)));
    }
  }

  private static void pair(StringBuilder line, String name, String value) {
    if (line.charAt(line.length() - 1) != '{') {
      line.append(',');
    }
    line.append(name).append("=\"").append(value).append('"');
  }
}
