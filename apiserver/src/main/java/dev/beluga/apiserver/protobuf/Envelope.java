package dev.beluga.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import dev.beluga.api.errors.StatusException;
import io.kubernetes.client.proto.Runtime;
import java.util.Arrays;

/**
 * The frame of a Kubernetes protobuf body: the magic {@code k8s\0} and a runtime.Unknown holding the
 * object's apiVersion and kind and its encoded bytes.
 */
record Envelope(String apiVersion, String kind, ByteString raw, String contentEncoding, String contentType) {

    /** Every protobuf body starts with these bytes, so a body of another encoding is never misread. */
    private static final byte[] MAGIC = {'k', '8', 's', 0};

    static Envelope parse(byte[] body) {
        if (body.length < MAGIC.length || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw StatusException.badRequest(
                    "protobuf body does not start with the Kubernetes protobuf prefix \"k8s\\x00\"");
        }
        Message unknown = DynamicParsing.parse(Runtime.Unknown.getDescriptor(),
                ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length), "runtime.Unknown envelope");
        Descriptor unknownType = unknown.getDescriptorForType();
        Message typeMeta = (Message) unknown.getField(unknownType.findFieldByName("typeMeta"));
        Descriptor typeMetaType = typeMeta.getDescriptorForType();
        return new Envelope(
                (String) typeMeta.getField(typeMetaType.findFieldByName("apiVersion")),
                (String) typeMeta.getField(typeMetaType.findFieldByName("kind")),
                (ByteString) unknown.getField(unknownType.findFieldByName("raw")),
                (String) unknown.getField(unknownType.findFieldByName("contentEncoding")),
                (String) unknown.getField(unknownType.findFieldByName("contentType")));
    }

    /** apiVersion and kind for error messages, readable even when the envelope left them empty. */
    String describe() {
        return (apiVersion.isEmpty() ? "<no apiVersion>" : apiVersion) + ", Kind=" + (kind.isEmpty() ? "<no kind>" : kind);
    }
}
