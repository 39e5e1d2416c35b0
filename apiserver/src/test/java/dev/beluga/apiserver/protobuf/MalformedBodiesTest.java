package dev.beluga.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import dev.beluga.api.errors.StatusException;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MalformedBodiesTest {

    @Test
    void jsonBodyLacksTheMagic() {
        StatusException e = rejected("{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(e.code()).isEqualTo(400);
        assertThat(e.reason()).isEqualTo("BadRequest");
        assertThat(e.getMessage()).contains("does not start with the Kubernetes protobuf prefix");
    }

    @Test
    void emptyBody() {
        assertThat(rejected(new byte[0]).code()).isEqualTo(400);
    }

    @Test
    void garbageAfterTheMagic() {
        StatusException e = rejected(new byte[] {'k', '8', 's', 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07});

        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("protobuf body is not a valid runtime.Unknown envelope");
    }

    @Test
    void unknownKind() {
        StatusException e = rejected(Envelopes.of("example.com/v1", "Widget", V1.Namespace.getDefaultInstance()));

        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("no protobuf message type is known for example.com/v1, Kind=Widget");
    }

    @Test
    void envelopeWithoutTypeMeta() {
        StatusException e = rejected(Envelopes.of("", "", V1.Namespace.getDefaultInstance()));

        assertThat(e.getMessage()).isEqualTo("no protobuf message type is known for <no apiVersion>, Kind=<no kind>");
    }

    @Test
    void rawThatIsNotTheNamedMessage() {
        byte[] body = envelope(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("ConfigMap"))
                .setRaw(ByteString.copyFrom(new byte[] {0x0a, 0x7f, 0x01})));

        StatusException e = rejected(body);

        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("protobuf body is not a valid v1, Kind=ConfigMap");
    }

    @Test
    void compressedContent() {
        byte[] body = envelope(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("Namespace"))
                .setContentEncoding("gzip"));

        assertThat(rejected(body).getMessage()).isEqualTo("protobuf body with content encoding \"gzip\" is not supported");
    }

    @Test
    void rawExtensionThatIsNotJson() {
        V1Apps.ControllerRevision revision = V1Apps.ControllerRevision.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("r"))
                .setData(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("{not json")))
                .build();

        StatusException e = rejected(Envelopes.of("apps/v1", "ControllerRevision", revision));

        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("protobuf body has a RawExtension whose raw bytes are not JSON");
    }

    private static byte[] envelope(Runtime.Unknown.Builder unknown) {
        byte[] envelope = unknown.build().toByteArray();
        byte[] body = new byte[envelope.length + 4];
        System.arraycopy(new byte[] {'k', '8', 's', 0}, 0, body, 0, 4);
        System.arraycopy(envelope, 0, body, 4, envelope.length);
        return body;
    }

    private static StatusException rejected(byte[] body) {
        return catchThrowableOfType(StatusException.class, () -> ProtobufBodies.decode(body));
    }
}
