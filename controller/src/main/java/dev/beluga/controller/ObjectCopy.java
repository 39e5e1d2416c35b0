package dev.beluga.controller;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Deep copies of model objects (informer caches hand out shared instances that must never change). */
public final class ObjectCopy {
    private ObjectCopy() {}

    @SuppressWarnings("unchecked")
    public static <T> T of(T object) {
        return copy(object, (Class<T>) object.getClass());
    }

    public static <T> T copy(Object object, Class<T> type) {
        try {
            return Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(object), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(Object object) {
        return Json.MAPPER.valueToTree(object);
    }
}
