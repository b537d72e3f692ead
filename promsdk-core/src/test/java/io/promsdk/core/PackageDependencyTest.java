package io.promsdk.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.model.MetricSnapshot;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of core depend one way, {@code core.model} <- {@code core} <- {@code core.metrics}:
 * the registry knows no metric type (every collector puts its families into a sink), and the
 * snapshots and views know neither. Read from the compiled classes, whose constant pools name
 * every class they use.
 */
class PackageDependencyTest {
  private static final Pattern METRICS = Pattern.compile("io/promsdk/core/metrics/");
  private static final Pattern CORE = Pattern.compile("io/promsdk/core/[A-Z]");

  @Test
  void theRegistryPackageUsesNoMetricType() throws Exception {
    assertThat(classesUsing(packageOf(CollectorRegistry.class), METRICS)).isEmpty();
  }

  @Test
  void theModelUsesNeitherTheRegistryNorTheMetrics() throws Exception {
    Path model = packageOf(MetricSnapshot.class);
    assertThat(classesUsing(model, METRICS)).isEmpty();
    assertThat(classesUsing(model, CORE)).isEmpty();
  }

  private static Path packageOf(Class<?> type) throws URISyntaxException {
    Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    return root.resolve(type.getPackageName().replace('.', '/'));
  }

  /** The class files directly in {@code dir} whose bytes name a class {@code use} matches. */
  private static List<String> classesUsing(Path dir, Pattern use) throws IOException {
    List<String> found = new ArrayList<>();
    int read = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.toString().endsWith(".class")) {
          read++;
          if (use.matcher(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).find()) {
            found.add(f.getFileName().toString());
          }
        }
      }
    }
    assertThat(read).as("class files in %s", dir).isGreaterThan(5); // so an empty list means something
    return found;
  }
}
