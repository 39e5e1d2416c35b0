package dev.beluga.apiserver.openapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decodes protobuf wire format into field number → raw values, enough to walk a message by field numbers. */
final class ProtoReader {
    private final Map<Integer, List<Object>> fields = new LinkedHashMap<>();

    ProtoReader(byte[] bytes) {
        int[] pos = {0};
        while (pos[0] < bytes.length) {
            long tag = varint(bytes, pos);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            Object value = switch (wire) {
                case 0 -> varint(bytes, pos);
                case 2 -> {
                    int len = (int) varint(bytes, pos);
                    byte[] b = java.util.Arrays.copyOfRange(bytes, pos[0], pos[0] + len);
                    pos[0] += len;
                    yield b;
                }
                default -> throw new IllegalArgumentException("unexpected wire type " + wire + " for field " + field);
            };
            fields.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
        }
    }

    private static long varint(byte[] b, int[] pos) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos[0]++];
            result |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) return result;
        }
    }

    ProtoReader message(int field) {
        return new ProtoReader((byte[]) fields.get(field).getFirst());
    }

    List<ProtoReader> messages(int field) {
        return fields.getOrDefault(field, List.of()).stream().map(b -> new ProtoReader((byte[]) b)).toList();
    }

    String string(int field) {
        List<Object> v = fields.get(field);
        return v == null ? "" : new String((byte[]) v.getFirst(), StandardCharsets.UTF_8);
    }

    List<String> strings(int field) {
        return fields.getOrDefault(field, List.of()).stream().map(b -> new String((byte[]) b, StandardCharsets.UTF_8)).toList();
    }

    boolean has(int field) {
        return fields.containsKey(field);
    }
}
