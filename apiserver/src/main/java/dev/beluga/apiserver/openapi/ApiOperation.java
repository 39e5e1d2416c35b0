package dev.beluga.apiserver.openapi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP operation on one path, in a form both OpenAPI versions render.
 *
 * @param method      lower-case HTTP method: get, put, post, patch, delete
 * @param operationId upstream-style id, e.g. readCoreV1NamespacedPod
 * @param action      x-kubernetes-action: get, list, post, put, patch, delete, deletecollection
 * @param gvk         the kind the operation speaks
 * @param query       query parameters of this operation
 * @param body        the request body's model class, if any ({@link PatchBody} for PATCH)
 * @param bodyRequired whether the body must be sent
 * @param responses   status code → response model class
 */
record ApiOperation(String method, String operationId, String action, Gvk gvk, List<QueryParameter> query,
                    Optional<Class<?>> body, boolean bodyRequired, Map<String, Class<?>> responses) {

    /** Media types a PATCH accepts, one per patch type. */
    static final List<String> PATCH_TYPES = List.of("application/apply-patch+yaml", "application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json");
    static final List<String> PRODUCES = List.of("application/json", "application/yaml", "application/vnd.kubernetes.protobuf");

    List<String> consumes() {
        return method.equals("patch") ? PATCH_TYPES : List.of("*/*");
    }

    /** Upstream's response descriptions are the status texts. */
    static String statusText(String code) {
        return switch (code) {
            case "200" -> "OK";
            case "201" -> "Created";
            case "202" -> "Accepted";
            case "401" -> "Unauthorized";
            default -> "";
        };
    }
}
