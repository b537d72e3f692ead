package io.promsdk.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both rows of {@link JvmScrapeBenchmark} write the same JVM families, so they measure the same work. */
class JvmScrapeBenchmarkTest {

  @Test
  void bothLibrariesWriteTheSameFamilies() throws IOException {
    List<String> promsdk = typeLines(JvmScrapeBenchmark.scrapeText("promsdk"));
    // client_java's allocation counter appears only after its GC listener saw a collection.
    List<String> clientJava = typeLines(JvmScrapeBenchmark.scrapeText("clientJava")).stream()
        .filter(l -> !l.contains("jvm_memory_pool_allocated_bytes")).toList();

    assertThat(promsdk).contains("# TYPE jvm_threads_state gauge", "# TYPE jvm_gc_collection_seconds summary");
    assertThat(promsdk).containsExactlyInAnyOrderElementsOf(clientJava);
  }

  private static List<String> typeLines(String text) {
    return text.lines().filter(l -> l.startsWith("# TYPE ")).toList();
  }
}
