package dev.beluga.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed Kubernetes message as the JSON tree of the same object. Upstream's proto field names are its
 * JSON names and its field order is the Go struct order, so walking the descriptor gives upstream's JSON
 * except where Go marshals differently: apimachinery's special types, embedded structs, and zero values
 * of non-pointer fields, which the protobuf form always carries and the JSON form leaves out.
 */
final class MessageJsonTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MessageJsonTree() {}

    /** The object form of an ordinary message (one that is not an apimachinery special type). */
    static ObjectNode of(Message message) {
        ObjectNode object = NODES.objectNode();
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.isRepeated()) {
                if (message.getRepeatedFieldCount(field) == 0) continue;
                object.set(field.getName(), field.isMapField() ? map(message, field) : array(message, field));
            } else if (message.hasField(field)) {
                singular(object, field, message.getField(field));
            }
        }
        return object;
    }

    private static void singular(ObjectNode object, FieldDescriptor field, Object value) {
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            Message child = (Message) value;
            if (InlinedFields.isInlined(field)) {
                object.setAll(of(child));
            } else {
                object.set(field.getName(), value(child));
            }
        } else if (!isZero(value) || GoPointerFields.isPointer(field)) {
            object.set(field.getName(), scalar(value));
        }
    }

    /** Go writes maps with sorted keys; map entries always carry their value, even an empty one. */
    private static ObjectNode map(Message message, FieldDescriptor field) {
        FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
        Map<String, JsonNode> entries = new TreeMap<>();
        for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
            Message entry = (Message) message.getRepeatedField(field, i);
            entries.put(String.valueOf(entry.getField(keyField)), element(entry.getField(valueField)));
        }
        ObjectNode object = NODES.objectNode();
        object.setAll(entries);
        return object;
    }

    private static ArrayNode array(Message message, FieldDescriptor field) {
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
            array.add(element(message.getRepeatedField(field, i)));
        }
        return array;
    }

    private static JsonNode element(Object value) {
        return value instanceof Message message ? value(message) : scalar(value);
    }

    private static JsonNode value(Message message) {
        return ApimachineryTypes.json(message).orElseGet(() -> of(message));
    }

    private static JsonNode scalar(Object value) {
        return switch (value) {
            case String text -> NODES.textNode(text);
            case Integer number -> NODES.numberNode(number);
            case Long number -> integer(number);
            case Boolean flag -> NODES.booleanNode(flag);
            case Double number -> NODES.numberNode(number);
            case Float number -> NODES.numberNode(number);
            // Go's JSON form of []byte is standard base64 with padding.
            case ByteString bytes -> NODES.textNode(Base64.getEncoder().encodeToString(bytes.toByteArray()));
            default -> throw new IllegalStateException("Kubernetes protos have no field of Java type " + value.getClass());
        };
    }

    /** The node Jackson's parser makes for the same JSON number, so decoded trees equal parsed ones. */
    static JsonNode integer(long number) {
        return number == (int) number ? NODES.numberNode((int) number) : NODES.numberNode(number);
    }

    private static boolean isZero(Object value) {
        return switch (value) {
            case String text -> text.isEmpty();
            case Integer number -> number == 0;
            case Long number -> number == 0;
            case Boolean flag -> !flag;
            case Double number -> number == 0;
            case Float number -> number == 0;
            case ByteString bytes -> bytes.isEmpty();
            default -> false;
        };
    }
}
