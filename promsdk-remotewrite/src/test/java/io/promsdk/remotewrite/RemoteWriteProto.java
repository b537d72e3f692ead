package io.promsdk.remotewrite;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import io.promsdk.testsupport.Protoc;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * The oracle for our requests: the remote-write {@code .proto} files of prometheus/prometheus
 * (vendored in {@code src/test/resources/remote-write-proto}, see their headers), compiled by
 * {@code protoc} at test time and decoded with protobuf-java's {@link DynamicMessage}, after
 * snappy-java (the reference implementation's binding) has decompressed the body.
 */
final class RemoteWriteProto {
  static final Descriptor WRITE_REQUEST;
  static final Descriptor V2_REQUEST;

  static {
    try {
      Path root = Path.of(RemoteWriteProto.class.getResource("/remote-write-proto").toURI());
      FileDescriptorSet set = FileDescriptorSet.parseFrom(
          Protoc.descriptorSet(List.of(root), "remote.proto", "io/prometheus/write/v2/types.proto"));
      Map<String, FileDescriptor> built = new HashMap<>();
      for (FileDescriptorProto file : set.getFileList()) { // dependencies come first
        List<FileDescriptor> dependencies = new ArrayList<>();
        for (String dependency : file.getDependencyList()) {
          dependencies.add(built.get(dependency));
        }
        built.put(file.getName(), FileDescriptor.buildFrom(file, dependencies.toArray(new FileDescriptor[0])));
      }
      WRITE_REQUEST = built.get("remote.proto").findMessageTypeByName("WriteRequest");
      V2_REQUEST = built.get("io/prometheus/write/v2/types.proto").findMessageTypeByName("Request");
    } catch (IOException | URISyntaxException | DescriptorValidationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private RemoteWriteProto() {}

  /** The body snappy-java decompresses, then decoded as {@code protocol}'s request message. */
  static DynamicMessage decode(RemoteWriteProtocol protocol, RequestBuffer body) throws IOException {
    byte[] protobuf = Snappy.uncompress(body.toByteArray());
    return DynamicMessage.parseFrom(protocol == RemoteWriteProtocol.V1 ? WRITE_REQUEST : V2_REQUEST, protobuf);
  }

  /** Encodes {@code batch} in {@code protocol} and decodes it back. */
  static DynamicMessage roundTrip(WriteBatch batch, RemoteWriteProtocol protocol) throws IOException {
    RequestBuffer body = new RequestBuffer(16);
    batch.encodeTo(protocol, body);
    return decode(protocol, body);
  }

  static Object get(DynamicMessage m, String field) {
    FieldDescriptor f = m.getDescriptorForType().findFieldByName(field);
    if (f == null) {
      throw new IllegalArgumentException(m.getDescriptorForType().getFullName() + " has no field " + field);
    }
    return m.getField(f);
  }

  @SuppressWarnings("unchecked")
  static List<DynamicMessage> messages(DynamicMessage m, String field) {
    return (List<DynamicMessage>) get(m, field);
  }

  @SuppressWarnings("unchecked")
  static <T> List<T> list(DynamicMessage m, String field) {
    return (List<T>) get(m, field);
  }

  static boolean has(DynamicMessage m, String field) {
    return m.hasField(m.getDescriptorForType().findFieldByName(field));
  }
}
