package io.promsdk.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code /usr/bin/protoc} (Debian's {@code protobuf-compiler}) to compile {@code .proto}
 * files into a serialized {@code google.protobuf.FileDescriptorSet}, imports included, from which
 * a test builds descriptors for protobuf-java's {@code DynamicMessage}: the oracle that decodes
 * what promsdk encodes with its own protobuf code. Returns bytes so that this module needs no
 * protobuf dependency.
 *
 * <pre>{@code
 * byte[] set = Protoc.descriptorSet(List.of(protoRoot), "prompb/remote.proto");
 * FileDescriptorSet files = FileDescriptorSet.parseFrom(set);
 * }</pre>
 */
public final class Protoc {
  public static final Path PROTOC = Path.of("/usr/bin/protoc");

  private Protoc() {}

  /**
   * The descriptor set of {@code files} (paths relative to one of {@code includePaths}) and of
   * every file they import, dependencies first.
   *
   * @throws IllegalStateException if protoc is missing or rejects the files (its output in the message)
   */
  public static byte[] descriptorSet(List<Path> includePaths, String... files) {
    if (!Files.isExecutable(PROTOC)) {
      throw new IllegalStateException(PROTOC + " is missing: install protobuf-compiler (scripts/test does)");
    }
    try {
      Path out = Files.createTempFile("protoc", ".desc");
      try {
        List<String> command = new ArrayList<>();
        command.add(PROTOC.toString());
        for (Path include : includePaths) {
          command.add("-I" + include);
        }
        command.add("--include_imports");
        command.add("--descriptor_set_out=" + out);
        command.addAll(List.of(files));
        Exec.Output result = Exec.run(command, "", Duration.ofSeconds(60), true);
        if (result.exitCode() != 0) {
          throw new IllegalStateException("protoc failed on " + List.of(files) + ": " + result.stdout());
        }
        return Files.readAllBytes(out);
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
