package dev.beluga.apiserver.registry;

import java.util.List;

/**
 * The answer to a write: the HTTP code (200 or 201), the object's JSON as stored (resourceVersion
 * included) and warnings for the client (unknown fields under fieldValidation=Warn).
 */
public record Written(int code, byte[] body, List<String> warnings) {}
