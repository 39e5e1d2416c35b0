package dev.beluga.api.patch;

import dev.beluga.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import java.util.List;

/**
 * The errors a patch request ends with, in upstream's shapes: undecodable or malformed patches are
 * 400 BadRequest with the decoder's message; a well-formed patch that cannot be applied (a failed
 * JSON-patch {@code test}, a missing path, list-of-lists) is the generic 422 upstream answers with
 * {@code NewGenericServerResponse(422, ...)}: a fixed message, the detail in the one cause.
 */
final class PatchRejections {
    /** Upstream's fixed message for a generic 422; kubectl prints "The request is invalid: " before it. */
    static final String UNPROCESSABLE_MESSAGE = "the server rejected our request due to an error in our request";

    private PatchRejections() {}

    static StatusException malformed(String message) {
        return StatusException.badRequest(message);
    }

    /**
     * A patch that decoded but does not apply. As upstream's generic response, the message is fixed and
     * what the patch library said is the one cause, of type UnexpectedServerResponse.
     */
    static StatusException unprocessable(String detail) {
        StatusCause cause = new StatusCause();
        cause.setReason("UnexpectedServerResponse");
        cause.setMessage(detail);
        StatusDetails details = new StatusDetails();
        details.setCauses(List.of(cause));
        return StatusException.of(422, "Invalid", UNPROCESSABLE_MESSAGE, details);
    }

    /** The patch library's explanation carried by an {@link #unprocessable} error. */
    static String detail(StatusException e) {
        return e.status().getDetails().getCauses().getFirst().getMessage();
    }

    /** Go's json error for a body that is not an object, e.g. {@code json: cannot unmarshal array into Go value of type map[string]interface {}}. */
    static String notAnObject(String jsonKind) {
        return "json: cannot unmarshal " + jsonKind + " into Go value of type map[string]interface {}";
    }

    static String goKind(com.fasterxml.jackson.databind.JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            case OBJECT, POJO -> "object";
            default -> "null";
        };
    }
}
