package dev.beluga.apiserver.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Turns request bodies and stored bytes into model objects and back. */
public final class ObjectCodec {
    private ObjectCodec() {}

    /** A body as a tree; YAML when the content type says so. Undecodable → 400. */
    public static JsonNode readTree(byte[] body, boolean yaml) {
        try {
            ObjectMapper m = yaml ? Json.YAML : Json.MAPPER;
            JsonNode n = m.readTree(body);
            if (n == null || n.isMissingNode()) throw StatusException.badRequest("the request body is empty");
            return n;
        } catch (JsonProcessingException e) {
            throw StatusException.badRequest("the body of the request could not be decoded: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An object of {@code type} from a tree sent by a client: apiVersion and kind, when present, must be
     * the endpoint's; absent, they are filled in (as upstream's defaulting of the GVK does).
     */
    public static HasMetadata fromClient(ResourceType type, JsonNode tree) {
        if (!(tree instanceof ObjectNode obj)) throw StatusException.badRequest("the body of the request must be a JSON object");
        checkKind(type, obj.path("apiVersion").asText(""), obj.path("kind").asText(""));
        obj.put("apiVersion", type.apiVersion());
        obj.put("kind", type.kind());
        return fromTree(type, obj);
    }

    /**
     * The same from JSON bytes, decoded once straight into the model class (the create path's hot spot).
     * Model classes start with their own apiVersion and kind, so absent ones read as the endpoint's.
     */
    public static HasMetadata fromClientJson(ResourceType type, byte[] body) {
        HasMetadata obj;
        try {
            obj = Json.MAPPER.readValue(body, type.type());
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            throw StatusException.badRequest("the body of the request could not be decoded: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            if (isBlank(body)) throw StatusException.badRequest("the request body is empty");
            throw StatusException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind()
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (obj == null) throw StatusException.badRequest("the body of the request must be a JSON object");
        String kind = obj.getKind() == null ? "" : obj.getKind();
        // An explicit empty kind overrode the model's own; the tree path fills it in (HasMetadata has no setKind).
        if (kind.isEmpty()) return fromClient(type, readTree(body, false));
        checkKind(type, obj.getApiVersion() == null ? "" : obj.getApiVersion(), kind);
        obj.setApiVersion(type.apiVersion());
        return obj;
    }

    private static void checkKind(ResourceType type, String apiVersion, String kind) {
        if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
            throw StatusException.badRequest("the API version in the data (" + apiVersion + ") does not match the expected API version ("
                    + type.apiVersion() + ")");
        }
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw StatusException.badRequest(kind + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind()
                    + ": the kind in the data does not match the kind of the resource");
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) if (!Character.isWhitespace(b)) return false;
        return true;
    }

    static HasMetadata fromTree(ResourceType type, JsonNode tree) {
        try {
            return Json.MAPPER.treeToValue(tree, type.type());
        } catch (JsonProcessingException e) {
            throw StatusException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind()
                    + ": " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw StatusException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind()
                    + ": " + e.getMessage());
        }
    }

    /** A stored value (trusted: written by us). */
    public static HasMetadata fromStored(ResourceType type, byte[] stored) {
        try {
            return Json.MAPPER.readValue(stored, type.type());
        } catch (IOException e) {
            throw new UncheckedIOException("stored " + type.kind() + " is unreadable", e);
        }
    }

    public static JsonNode treeOfStored(byte[] stored) {
        try {
            return Json.MAPPER.readTree(stored);
        } catch (IOException e) {
            throw new UncheckedIOException("stored object is unreadable", e);
        }
    }

    /** Bytes to store: without resourceVersion, which the store's revision supplies on every read. */
    public static byte[] toStored(HasMetadata obj) {
        String rv = obj.getMetadata().getResourceVersion();
        obj.getMetadata().setResourceVersion(null);
        try {
            return Json.MAPPER.writeValueAsBytes(obj);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } finally {
            obj.getMetadata().setResourceVersion(rv);
        }
    }

    public static byte[] toJson(Object obj) {
        try {
            return Json.MAPPER.writeValueAsBytes(obj);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
