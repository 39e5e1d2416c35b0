package dev.beluga.apiserver.openapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few protobuf wire-format primitives a proto3 message needs here: varints, length-delimited
 * strings and embedded messages. Embedded messages are written to their own buffer first so their
 * length is known; the document is encoded once at startup, so the copying does not matter.
 */
final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter string(int field, String value) {
        if (value.isEmpty()) return this; // proto3 omits default values
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bool(int field, boolean value) {
        if (!value) return this;
        tag(field, VARINT);
        varint(1);
        return this;
    }

    /** An embedded message, written even when empty: presence matters for message fields. */
    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
