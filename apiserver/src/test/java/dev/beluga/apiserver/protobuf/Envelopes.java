package dev.beluga.apiserver.protobuf;

import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;
import java.io.ByteArrayOutputStream;

/** Bodies framed as client-go's protobuf serializer frames them: "k8s\0" then a runtime.Unknown. */
final class Envelopes {
    private Envelopes() {}

    static byte[] of(String apiVersion, String kind, Message object) {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString())
                .setContentEncoding("")
                .setContentType("")
                .build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {'k', '8', 's', 0});
        body.writeBytes(unknown.toByteArray());
        return body.toByteArray();
    }
}
