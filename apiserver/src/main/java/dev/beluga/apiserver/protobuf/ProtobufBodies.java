package dev.beluga.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import dev.beluga.api.errors.StatusException;

/**
 * Request bodies in Kubernetes' protobuf encoding, which kubectl's typed clients send for create, update
 * and delete. The server works on JSON trees, so a body is turned into the tree the same object would
 * have had if the client had sent JSON.
 */
public final class ProtobufBodies {
    public static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

    private ProtobufBodies() {}

    /**
     * The object in a Kubernetes protobuf body (the magic {@code k8s\0} followed by a runtime.Unknown
     * envelope), as the JSON tree the same object would have in JSON, with apiVersion and kind from the
     * envelope. Malformed bodies and kinds without a known message type are a 400.
     */
    public static JsonNode decode(byte[] body) {
        Envelope envelope = Envelope.parse(body);
        if (!envelope.contentEncoding().isEmpty()) {
            throw StatusException.badRequest("protobuf body with content encoding \""
                    + envelope.contentEncoding() + "\" is not supported");
        }
        if (!envelope.contentType().isEmpty() && !envelope.contentType().equals(CONTENT_TYPE)) {
            throw StatusException.badRequest("protobuf body wraps content type \""
                    + envelope.contentType() + "\", only " + CONTENT_TYPE + " is supported");
        }
        Descriptor type = ProtobufKinds.messageTypeFor(envelope.apiVersion(), envelope.kind())
                .orElseThrow(() -> StatusException.badRequest(
                        "no protobuf message type is known for " + envelope.describe()));
        Message object = DynamicParsing.parse(type, envelope.raw(), envelope.describe());
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.put("apiVersion", envelope.apiVersion());
        tree.put("kind", envelope.kind());
        tree.setAll(MessageJsonTree.of(object));
        return tree;
    }
}
