package dev.beluga.apiserver.client;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.beluga.api.codec.Json;
import dev.beluga.client.Kind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Stored JSON (resourceVersion already stamped in) to the Kind's model class, through one reader per
 * class built once: the in-process client decodes every object it returns, and nothing else.
 */
final class ModelReaders {
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return Json.MAPPER.readerFor(type);
        }
    };

    private ModelReaders() {}

    static <T extends HasMetadata> T decode(Kind<T> kind, byte[] stored) {
        try {
            return READERS.get(kind.javaClass()).readValue(stored);
        } catch (IOException e) {
            throw new UncheckedIOException("stored " + kind.type().kind() + " is unreadable", e);
        }
    }
}
