package io.promsdk.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesLabelsTest {
  private static List<String> pairs(SeriesLabels labels) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      out.add(labels.name(i) + "=" + labels.value(i));
    }
    return out;
  }

  @Test
  void aLabelWithAnEmptyValueIsLeftOutAsAScrapeLeavesItOutAndAnExternalLabelTakesItsPlace() {
    SeriesLabels labels = new SeriesLabels();
    labels.reset("requests_total");
    labels.add("path", "");
    labels.add("code", "200");
    labels.complete(new String[] {"path", "job"}, new String[] {"from-external", ""});

    assertThat(pairs(labels)).containsExactly("__name__=requests_total", "code=200", "path=from-external");
  }
}
