package dev.beluga.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A non-2xx answer as a {@link StatusException}: the server's own Status when the body is one, else
 * a Status made up from the HTTP code the way client-go does it (reason by code, the body as message).
 */
final class ErrorResponses {
    private static final int MAX_MESSAGE = 1024;

    private ErrorResponses() {}

    static StatusException of(int code, byte[] body) {
        try {
            JsonNode tree = Json.MAPPER.readTree(body);
            if (tree != null && tree.isObject() && "Status".equals(tree.path("kind").asText())) {
                Status status = Json.MAPPER.treeToValue(tree, Status.class);
                if (status.getCode() == null || status.getCode() == 0) status.setCode(code);
                if (status.getReason() == null || status.getReason().isEmpty()) status.setReason(reason(code));
                if (status.getMessage() == null) status.setMessage("");
                return new StatusException(status);
            }
        } catch (IOException | IllegalArgumentException notAStatus) {
            // Not JSON (a proxy's HTML page, plain text): described below from the code.
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() > MAX_MESSAGE) text = text.substring(0, MAX_MESSAGE) + "...";
        String message = text.isEmpty() ? "the server responded with HTTP " + code
                : "the server responded with HTTP " + code + ": " + text;
        return StatusException.of(code, reason(code), message, null);
    }

    /** client-go's reason for a bare HTTP code (apimachinery errors.NewGenericServerResponse). */
    static String reason(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 409 -> "Conflict";
            case 410 -> "Expired";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 422 -> "Invalid";
            case 429 -> "TooManyRequests";
            case 500 -> "InternalError";
            case 503 -> "ServiceUnavailable";
            case 504 -> "Timeout";
            default -> "Unknown";
        };
    }
}
