package io.promsdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void parsesNestedValuesInDocumentOrder() {
    Object value =
        Json.parse(" {\"z\": [1, -2.5e3, 0.25, true, false, null], \"a\": {}, \"m\": []} ");

    Map<String, Object> map = Json.object(value, "root");
    assertThat(map.keySet()).containsExactly("z", "a", "m");
    assertThat(Json.array(map.get("z"), "z"))
        .containsExactlyElementsOf(Arrays.asList(1.0, -2500.0, 0.25, true, false, null));
    assertThat(Json.object(map.get("a"), "a")).isEmpty();
    assertThat(Json.array(map.get("m"), "m")).isEmpty();
  }

  @Test
  void decodesEveryEscapeIncludingSurrogatePairs() {
    String json = "\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00fc \\ud83d\\ude00 raw-ü\"";

    assertThat(Json.parse(json)).isEqualTo("q\" b\\ s/ \b\f\n\r\t ü \uD83D\uDE00 raw-ü");
  }

  @Test
  void stringMapKeepsOrderAndRejectsNonStrings() {
    assertThat(Json.stringMap(Json.parse("{\"b\":\"1\",\"a\":\"2\"}"), "labels"))
        .containsExactly(Map.entry("b", "1"), Map.entry("a", "2"));
    assertThatThrownBy(() -> Json.stringMap(Json.parse("{\"a\":1}"), "labels"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("labels.a");
  }

  @Test
  void parsedContainersAreUnmodifiable() {
    List<Object> list = Json.array(Json.parse("[1]"), "list");
    assertThatThrownBy(() -> list.add(2.0)).isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "{", "[1,]", "{\"a\" 1}", "{a:1}", "\"unterminated", "\"bad \\x escape\"",
        "\"\\u12\"", "01", "1.", "-", "1e", "tru", "nul", "[1] x", "NaN", "\"tab\there\"",
        "{\"a\":1,}"
      })
  void rejectsMalformedInput(String json) {
    assertThatThrownBy(() -> Json.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid JSON at offset");
  }
}
