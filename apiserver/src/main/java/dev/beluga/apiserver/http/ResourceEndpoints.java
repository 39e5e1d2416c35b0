package dev.beluga.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceType;
import dev.beluga.api.selection.FieldSelector;
import dev.beluga.api.selection.LabelSelector;
import dev.beluga.api.table.IncludeObject;
import dev.beluga.api.table.TablePrinter;
import dev.beluga.apiserver.protobuf.ProtobufBodies;
import dev.beluga.apiserver.registry.DeleteRequest;
import dev.beluga.apiserver.registry.FieldValidation;
import dev.beluga.apiserver.registry.ListOptions;
import dev.beluga.apiserver.registry.ListResult;
import dev.beluga.apiserver.registry.ObjectCodec;
import dev.beluga.apiserver.registry.ObjectRegistry;
import dev.beluga.apiserver.registry.PatchDocument;
import dev.beluga.apiserver.registry.WriteOptions;
import dev.beluga.apiserver.registry.Written;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpHeader;

/** The verbs on resources and their main subresources, from HTTP to the registry and back. */
final class ResourceEndpoints {
    private final ObjectRegistry registry;
    private final Subresources subresources;
    private final WatchEndpoint watches;
    private final Clock clock;

    ResourceEndpoints(ObjectRegistry registry, WatchEndpoint watches, Optional<dev.beluga.apiserver.KubeletClientConfig> kubelets, Clock clock) {
        this.registry = registry;
        this.subresources = new Subresources(registry, kubelets, clock);
        this.watches = watches;
        this.clock = clock;
    }

    void serve(Exchange ex, RequestInfo info, ResourceType served) throws IOException {
        if (served.namespaced() && info.namespace().isEmpty() && !List.of("list", "watch", "deletecollection").contains(info.verb())) {
            throw StatusException.notFoundPath("the server could not find the requested resource");
        }
        if (!served.namespaced() && !info.namespace().isEmpty()) {
            throw StatusException.notFoundPath("the server could not find the requested resource");
        }
        if (!info.subresource().isEmpty()) {
            if (!served.hasSubresource(info.subresource())) throw StatusException.notFoundPath("the server could not find the requested resource");
            subresources.serve(ex, info, served, this);
            return;
        }
        if (!served.supports(info.verb())) throw StatusException.methodNotSupported(served.group(), served.resource(), info.verb());
        ResourceType stored = ServedForm.storageType(served);
        OutputFormat format = OutputFormat.negotiate(ex.header(HttpHeader.ACCEPT));
        switch (info.verb()) {
            case "get" -> sendObject(ex, served, format, 200, ServedForm.out(served, registry.get(stored, info.namespace(), info.name())));
            case "list" -> list(ex, info, served, format);
            case "watch" -> watches.serve(ex, served, info.namespace(), listOptions(ex, served), format, info.name());
            case "create" -> {
                HasMetadata obj = ServedForm.in(served, decode(ex, served));
                sendWritten(ex, served, format, registry.create(stored, info.namespace(), obj, writeOptions(ex)));
            }
            case "update" -> {
                HasMetadata obj = ServedForm.in(served, decode(ex, served));
                sendWritten(ex, served, format, registry.update(stored, info.namespace(), info.name(), obj, ObjectRegistry.Part.MAIN, writeOptions(ex)));
            }
            case "patch" -> sendWritten(ex, served, format,
                    registry.patch(stored, info.namespace(), info.name(), patchFunction(ex, served), ObjectRegistry.Part.MAIN, writeOptions(ex)));
            case "delete" -> {
                Written w = registry.delete(stored, info.namespace(), info.name(), deleteRequest(ex));
                sendWritten(ex, served, format, w);
            }
            case "deletecollection" -> {
                List<byte[]> deleted = registry.deleteCollection(stored, info.namespace(), listOptions(ex, served), deleteRequest(ex));
                sendList(ex, served, format, new ListResult(deleted, registry.store().currentRevision(), ""));
            }
            default -> throw StatusException.methodNotSupported(served.group(), served.resource(), info.verb());
        }
    }

    // ------------------------------------------------------------ decoding requests

    static boolean isYaml(Exchange ex) {
        String ct = ex.header(HttpHeader.CONTENT_TYPE).toLowerCase(Locale.ROOT);
        return ct.startsWith("application/yaml") || ct.startsWith("application/x-yaml") || ct.startsWith("text/yaml");
    }

    HasMetadata decode(Exchange ex, ResourceType served) throws IOException {
        String ct = ex.header(HttpHeader.CONTENT_TYPE).toLowerCase(Locale.ROOT);
        if (ct.isEmpty() || ct.startsWith("application/json")) return ObjectCodec.fromClientJson(served, ex.body());
        return ObjectCodec.fromClient(served, bodyTree(ex));
    }

    /** A request body as a tree, whichever of JSON, YAML or Kubernetes protobuf (kubectl's typed clients) it came in. */
    static JsonNode bodyTree(Exchange ex) throws IOException {
        String ct = ex.header(HttpHeader.CONTENT_TYPE).toLowerCase(Locale.ROOT);
        if (ct.startsWith(ProtobufBodies.CONTENT_TYPE)) return ProtobufBodies.decode(ex.body());
        if (!ct.isEmpty() && !ct.startsWith("application/json") && !isYaml(ex) && !ct.startsWith("*/*")) {
            throw StatusException.unsupportedMediaType(ct);
        }
        return ObjectCodec.readTree(ex.body(), isYaml(ex));
    }

    static WriteOptions writeOptions(Exchange ex) {
        String dryRun = ex.param("dryRun");
        if (!dryRun.isEmpty() && !dryRun.equals("All")) throw StatusException.badRequest("Invalid dry run value: " + dryRun + ", supported values: All");
        return new WriteOptions(dryRun.equals("All"), FieldValidation.parse(ex.param("fieldValidation")));
    }

    static ListOptions listOptions(Exchange ex, ResourceType served) {
        int limit;
        try {
            limit = ex.param("limit").isEmpty() ? 0 : Integer.parseInt(ex.param("limit"));
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("limit must be a number: " + ex.param("limit"));
        }
        String cont = ex.param("continue");
        return new ListOptions(LabelSelector.parse(ex.param("labelSelector")), FieldSelector.parse(ex.param("fieldSelector"), served),
                Math.max(0, limit), cont.isEmpty() ? Optional.empty() : Optional.of(cont), ex.param("resourceVersion"));
    }

    /** The patch body as a function of the current object, by the patch's content type. */
    UnaryOperator<JsonNode> patchFunction(Exchange ex, ResourceType served) throws IOException {
        return PatchDocument.parse(ex.header(HttpHeader.CONTENT_TYPE), ex.body(), served);
    }

    DeleteRequest deleteRequest(Exchange ex) throws IOException {
        Optional<Long> grace = Optional.empty();
        Optional<DeleteRequest.Propagation> propagation = Optional.empty();
        Optional<String> uid = Optional.empty();
        Optional<String> rv = Optional.empty();
        boolean dryRun = writeOptions(ex).dryRun();
        JsonNode opts = hasBody(ex) ? bodyTree(ex) : Json.MAPPER.createObjectNode();
        if (opts.hasNonNull("gracePeriodSeconds")) grace = Optional.of(opts.get("gracePeriodSeconds").asLong());
        if (opts.hasNonNull("propagationPolicy")) propagation = Optional.of(propagation(opts.get("propagationPolicy").asText()));
        else if (opts.path("orphanDependents").asBoolean(false)) propagation = Optional.of(DeleteRequest.Propagation.ORPHAN);
        JsonNode pre = opts.path("preconditions");
        if (pre.hasNonNull("uid")) uid = Optional.of(pre.get("uid").asText());
        if (pre.hasNonNull("resourceVersion")) rv = Optional.of(pre.get("resourceVersion").asText());
        if (opts.path("dryRun").isArray()) for (JsonNode d : opts.get("dryRun")) dryRun |= d.asText().equals("All");
        if (!ex.param("gracePeriodSeconds").isEmpty()) {
            try {
                grace = Optional.of(Long.parseLong(ex.param("gracePeriodSeconds")));
            } catch (NumberFormatException e) {
                throw StatusException.badRequest("gracePeriodSeconds must be a number");
            }
        }
        if (!ex.param("propagationPolicy").isEmpty()) propagation = Optional.of(propagation(ex.param("propagationPolicy")));
        else if (ex.param("orphanDependents").equals("true")) propagation = Optional.of(DeleteRequest.Propagation.ORPHAN);
        return new DeleteRequest(grace, propagation, uid, rv, dryRun);
    }

    private static boolean hasBody(Exchange ex) {
        return ex.request.getLength() > 0 || ex.header(HttpHeader.TRANSFER_ENCODING).contains("chunked");
    }

    private static DeleteRequest.Propagation propagation(String p) {
        return DeleteRequest.propagation(p);
    }

    // ------------------------------------------------------------ writing responses

    void list(Exchange ex, RequestInfo info, ResourceType served, OutputFormat format) {
        ListResult result = registry.list(ServedForm.storageType(served), info.namespace(), listOptions(ex, served));
        sendList(ex, served, format, result);
    }

    void sendWritten(Exchange ex, ResourceType served, OutputFormat format, Written w) {
        ex.warn(w.warnings());
        sendObject(ex, served, format, w.code(), ServedForm.out(served, w.body()));
    }

    void sendObject(Exchange ex, ResourceType served, OutputFormat format, int code, byte[] json) {
        switch (format) {
            case JSON -> ex.send(code, "application/json", json);
            case YAML -> ex.send(code, "application/yaml", yaml(ObjectCodec.treeOfStored(json)));
            case TABLE -> ex.send(code, "application/json", ObjectCodec.toJson(
                    TablePrinter.table(served, List.of(ObjectCodec.treeOfStored(json)), clock.instant(), includeObject(ex))));
        }
    }

    void sendList(Exchange ex, ResourceType served, OutputFormat format, ListResult result) {
        if (format == OutputFormat.TABLE) {
            List<JsonNode> trees = new ArrayList<>(result.items().size());
            for (byte[] item : result.items()) trees.add(ObjectCodec.treeOfStored(ServedForm.out(served, item)));
            ObjectNode table = TablePrinter.table(served, trees, clock.instant(), includeObject(ex));
            ObjectNode meta = table.withObjectProperty("metadata");
            meta.put("resourceVersion", Long.toString(result.revision()));
            if (!result.continueToken().isEmpty()) meta.put("continue", result.continueToken());
            ex.send(200, "application/json", ObjectCodec.toJson(table));
            return;
        }
        byte[] json = listJson(served, result);
        if (format == OutputFormat.YAML) ex.send(200, "application/yaml", yaml(ObjectCodec.treeOfStored(json)));
        else ex.send(200, "application/json", json);
    }

    /** A list is assembled from the stored bytes as they are: no decode, no re-encode. */
    static byte[] listJson(ResourceType served, ListResult result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + result.items().stream().mapToInt(b -> b.length + 1).sum());
        String head = "{\"kind\":\"" + served.listKind() + "\",\"apiVersion\":\"" + served.apiVersion() + "\",\"metadata\":{\"resourceVersion\":\""
                + result.revision() + "\"" + (result.continueToken().isEmpty() ? "" : ",\"continue\":\"" + result.continueToken() + "\"") + "},\"items\":[";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        for (byte[] item : result.items()) {
            if (!first) out.write(',');
            out.writeBytes(ServedForm.out(served, item));
            first = false;
        }
        out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static IncludeObject includeObject(Exchange ex) {
        return IncludeObject.fromParameter(ex.param("includeObject"));
    }

    static byte[] yaml(JsonNode tree) {
        try {
            return Json.YAML.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
