package dev.beluga.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;

/** Test trees written as JSON with single quotes, for readable expectations. */
final class Trees {
    private Trees() {}

    static JsonNode json(String singleQuoted) {
        try {
            return Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }
}
