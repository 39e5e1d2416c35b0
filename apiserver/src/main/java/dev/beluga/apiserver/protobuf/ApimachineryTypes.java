package dev.beluga.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * apimachinery types whose JSON form is not their protobuf shape: Go gives them their own JSON
 * marshalling (a timestamp string, a quantity string, an int-or-string, embedded raw JSON).
 */
final class ApimachineryTypes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Go's zero time.Time, 0001-01-01T00:00:00Z, in Unix seconds; a proto time with these seconds is zero. */
    private static final long GO_ZERO_TIME_SECONDS = -62135596800L;

    private static final DateTimeFormatter RFC3339_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

    private ApimachineryTypes() {}

    /** The JSON form of a message of one of these types, or empty when the message is an ordinary object. */
    static Optional<JsonNode> json(Message message) {
        Descriptor type = message.getDescriptorForType();
        return Optional.ofNullable(switch (type.getFullName()) {
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Time" -> time(message, RFC3339_SECONDS);
            case "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime" -> time(message, RFC3339_MICROS);
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Duration" ->
                    NODES.textNode(GoDurationText.of(longField(message, "duration")));
            case "k8s.io.apimachinery.pkg.api.resource.Quantity",
                 "k8s.io.apimachinery.pkg.api.resource.QuantityValue" ->
                    NODES.textNode((String) fieldValue(message, "string"));
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> intOrString(message);
            case "k8s.io.apimachinery.pkg.runtime.RawExtension",
                 "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1" -> embeddedJson(message, type.getName());
            default -> null;
        });
    }

    /**
     * Go marshals a zero metav1.Time as no bytes at all and its JSON form is null; a zero time.Time
     * converted to Unix seconds (what older marshallers wrote) is zero too.
     */
    private static JsonNode time(Message message, DateTimeFormatter format) {
        long seconds = longField(message, "seconds");
        long nanos = longField(message, "nanos");
        boolean unset = !has(message, "seconds") && !has(message, "nanos");
        if (unset || (seconds == GO_ZERO_TIME_SECONDS && nanos == 0)) return NODES.nullNode();
        return NODES.textNode(format.format(Instant.ofEpochSecond(seconds, nanos)));
    }

    /** IntOrString's type is 0 for an int and 1 for a string (intstr.Type). */
    private static JsonNode intOrString(Message message) {
        return longField(message, "type") == 1
                ? NODES.textNode((String) fieldValue(message, "strVal"))
                : MessageJsonTree.integer(longField(message, "intVal"));
    }

    /** RawExtension and FieldsV1 carry JSON that their JSON form embeds as is; no bytes is null. */
    private static JsonNode embeddedJson(Message message, String typeName) {
        ByteString raw = (ByteString) fieldValue(message, "raw");
        if (raw.isEmpty()) return NODES.nullNode();
        try {
            return Json.MAPPER.readTree(raw.toByteArray());
        } catch (IOException e) {
            throw StatusException.badRequest("protobuf body has a " + typeName + " whose raw bytes are not JSON: "
                    + e.getMessage());
        }
    }

    private static boolean has(Message message, String name) {
        return message.hasField(field(message, name));
    }

    private static long longField(Message message, String name) {
        return ((Number) fieldValue(message, name)).longValue();
    }

    private static Object fieldValue(Message message, String name) {
        return message.getField(field(message, name));
    }

    private static FieldDescriptor field(Message message, String name) {
        FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
        if (field == null) {
            throw new IllegalStateException(message.getDescriptorForType().getFullName() + " has no field " + name);
        }
        return field;
    }
}
