package dev.beluga.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import dev.beluga.api.selection.LabelSelector;
import dev.beluga.apiserver.registry.DeleteRequest;
import dev.beluga.apiserver.registry.ObjectCodec;
import dev.beluga.apiserver.registry.ObjectRegistry;
import dev.beluga.apiserver.registry.WriteOptions;
import dev.beluga.apiserver.registry.Written;
import dev.beluga.apiserver.registry.PodBinding;
import dev.beluga.apiserver.registry.PodEphemeralContainers;
import dev.beluga.apiserver.registry.PodEviction;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpHeader;

/** status, scale, binding, finalize, eviction, log, exec, attach and ephemeralcontainers. */
final class Subresources {
    private final ObjectRegistry registry;
    private final PodBinding podBinding;
    private final PodEviction podEviction;
    private final PodLogs podLogs;
    private final PodEphemeralContainers ephemeralContainers;
    private final PodStreams podStreams;

    Subresources(ObjectRegistry registry, Optional<dev.beluga.apiserver.KubeletClientConfig> kubelets, Clock clock) {
        this.registry = registry;
        this.podBinding = new PodBinding(registry, clock);
        this.podEviction = new PodEviction(registry);
        Optional<KubeletProxy> proxy = kubelets.map(KubeletProxy::new);
        this.podLogs = new PodLogs(registry, proxy);
        this.podStreams = new PodStreams(registry, podLogs, proxy);
        this.ephemeralContainers = new PodEphemeralContainers(registry);
    }

    void serve(Exchange ex, RequestInfo info, ResourceType type, ResourceEndpoints endpoints) throws IOException {
        OutputFormat format = OutputFormat.negotiate(ex.header(HttpHeader.ACCEPT));
        String verb = info.verb();
        switch (info.subresource()) {
            case "status" -> {
                switch (verb) {
                    case "get" -> endpoints.sendObject(ex, type, format, 200, registry.get(type, info.namespace(), info.name()));
                    case "update" -> endpoints.sendWritten(ex, type, format, registry.update(type, info.namespace(), info.name(),
                            endpoints.decode(ex, type), ObjectRegistry.Part.STATUS, ResourceEndpoints.writeOptions(ex)));
                    case "patch" -> endpoints.sendWritten(ex, type, format, registry.patch(type, info.namespace(), info.name(),
                            endpoints.patchFunction(ex, type), ObjectRegistry.Part.STATUS, ResourceEndpoints.writeOptions(ex)));
                    default -> throw StatusException.methodNotSupported(type.group(), type.resource() + "/status", verb);
                }
            }
            case "finalize" -> {
                if (!verb.equals("update")) throw StatusException.methodNotSupported("", "namespaces/finalize", verb);
                endpoints.sendWritten(ex, type, format, registry.update(type, "", info.name(), endpoints.decode(ex, type),
                        ObjectRegistry.Part.FINALIZE, ResourceEndpoints.writeOptions(ex)));
            }
            case "scale" -> scale(ex, info, type, endpoints);
            case "binding" -> {
                if (!verb.equals("create")) throw StatusException.methodNotSupported("", "pods/binding", verb);
                bind(ex, info);
            }
            case "eviction" -> {
                if (!verb.equals("create")) throw StatusException.methodNotSupported("policy", "pods/eviction", verb);
                evict(ex, info);
            }
            case "log" -> {
                if (!verb.equals("get")) throw StatusException.methodNotSupported("", "pods/log", verb);
                podLogs.serve(ex, info);
            }
            case "exec", "attach" -> podStreams.serve(ex, info);
            case "ephemeralcontainers" -> ephemeralContainers(ex, info, type, endpoints, format);
            default -> throw StatusException.notFoundPath("the server could not find the requested resource");
        }
    }

    // ------------------------------------------------------------ scale

    private void scale(Exchange ex, RequestInfo info, ResourceType type, ResourceEndpoints endpoints) throws IOException {
        switch (info.verb()) {
            case "get" -> ex.send(200, "application/json", ObjectCodec.toJson(scaleOf(type, registry.get(type, info.namespace(), info.name()))));
            case "update" -> {
                JsonNode scale = ResourceEndpoints.bodyTree(ex);
                String rv = scale.path("metadata").path("resourceVersion").asText("");
                Written w = setReplicas(type, info, rv, replicasOf(scale), ResourceEndpoints.writeOptions(ex));
                ex.send(200, "application/json", ObjectCodec.toJson(scaleOf(type, w.body())));
            }
            case "patch" -> {
                UnaryOperator<JsonNode> patch = endpoints.patchFunction(ex, ResourceRegistry.DEPLOYMENTS);
                WriteOptions options = ResourceEndpoints.writeOptions(ex);
                Written w = registry.mutate(type, info.namespace(), info.name(), "", ObjectRegistry.Part.MAIN, options, new ArrayList<>(), 200,
                        current -> withReplicas(type, current, replicasOf(patch.apply(scaleOf(type, ObjectCodec.toJson(current))))));
                ex.send(200, "application/json", ObjectCodec.toJson(scaleOf(type, w.body())));
            }
            default -> throw StatusException.methodNotSupported("autoscaling", type.resource() + "/scale", info.verb());
        }
    }

    private Written setReplicas(ResourceType type, RequestInfo info, String rv, int replicas, WriteOptions options) {
        return registry.mutate(type, info.namespace(), info.name(), rv, ObjectRegistry.Part.MAIN, options, new ArrayList<>(), 200,
                current -> withReplicas(type, current, replicas));
    }

    private static int replicasOf(JsonNode scale) {
        JsonNode r = scale.path("spec").path("replicas");
        if (!r.isMissingNode() && !r.canConvertToInt()) throw StatusException.badRequest("spec.replicas must be an integer");
        int n = r.asInt(0);
        if (n < 0) {
            throw StatusException.invalid("autoscaling", "Scale", "", List.of(dev.beluga.api.errors.FieldError.invalid("spec.replicas", n,
                    "must be greater than or equal to 0")));
        }
        return n;
    }

    private static HasMetadata withReplicas(ResourceType type, HasMetadata current, int replicas) {
        ObjectNode tree = Json.MAPPER.valueToTree(current);
        tree.withObjectProperty("spec").put("replicas", replicas);
        return ObjectCodec.fromClient(type, tree);
    }

    /** autoscaling/v1 Scale of a workload, with the selector in its string form as upstream serves it. */
    private static ObjectNode scaleOf(ResourceType type, byte[] stored) {
        JsonNode obj = ObjectCodec.treeOfStored(stored);
        ObjectNode scale = Json.MAPPER.createObjectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (obj.path("metadata").has(f)) meta.set(f, obj.path("metadata").get(f));
        }
        scale.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", obj.path("status").path("replicas").asInt(0));
        JsonNode selector = obj.path("spec").path("selector");
        if (!selector.isMissingNode()) status.put("selector", LabelSelector.fromTree(selector).toString());
        return scale;
    }

    // ------------------------------------------------------------ ephemeralcontainers

    /** GET serves the pod; PATCH and PUT write only its ephemeral containers (PodEphemeralContainers' rules). */
    private void ephemeralContainers(Exchange ex, RequestInfo info, ResourceType type, ResourceEndpoints endpoints, OutputFormat format) throws IOException {
        switch (info.verb()) {
            case "get" -> endpoints.sendObject(ex, type, format, 200, ephemeralContainers.get(info.namespace(), info.name()));
            case "patch" -> endpoints.sendWritten(ex, type, format, ephemeralContainers.patch(info.namespace(), info.name(),
                    endpoints.patchFunction(ex, type), ResourceEndpoints.writeOptions(ex)));
            case "update" -> endpoints.sendWritten(ex, type, format, ephemeralContainers.update(info.namespace(), info.name(),
                    (Pod) endpoints.decode(ex, type), ResourceEndpoints.writeOptions(ex)));
            default -> throw StatusException.methodNotSupported("", "pods/ephemeralcontainers", info.verb());
        }
    }

    // ------------------------------------------------------------ binding

    /** The Binding body's name, uid and resourceVersion (preconditions), target and annotations; the work is PodBinding's. */
    private void bind(Exchange ex, RequestInfo info) throws IOException {
        JsonNode binding = ResourceEndpoints.bodyTree(ex);
        JsonNode meta = binding.path("metadata");
        if (!meta.path("name").asText("").equals(info.name())) {
            throw StatusException.badRequest("name in URL does not match name in Binding object");
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        meta.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
        podBinding.bind(new PodBinding.Request(info.namespace(), info.name(), text(meta.path("uid")), text(meta.path("resourceVersion")),
                binding.path("target").path("name").asText(""), annotations, ResourceEndpoints.writeOptions(ex).dryRun()));
        ex.send(201, "application/json", success());
    }

    private static Optional<String> text(JsonNode n) {
        return n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
    }

    // ------------------------------------------------------------ eviction

    /** The Eviction body's delete options; the work is PodEviction's. */
    private void evict(Exchange ex, RequestInfo info) throws IOException {
        JsonNode eviction = ResourceEndpoints.bodyTree(ex);
        String name = eviction.path("metadata").path("name").asText("");
        if (!name.isEmpty() && !name.equals(info.name())) {
            throw StatusException.badRequest("name in URL does not match name in Eviction object");
        }
        DeleteOptions options;
        try {
            options = eviction.hasNonNull("deleteOptions") ? Json.MAPPER.treeToValue(eviction.get("deleteOptions"), DeleteOptions.class) : new DeleteOptions();
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw StatusException.badRequest("the body of the request could not be decoded: " + e.getMessage());
        }
        if (ResourceEndpoints.writeOptions(ex).dryRun()) options.setDryRun(List.of("All"));
        podEviction.evict(info.namespace(), info.name(), DeleteRequest.from(options));
        ex.send(201, "application/json", success());
    }

    private static byte[] success() {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"code\":201}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
