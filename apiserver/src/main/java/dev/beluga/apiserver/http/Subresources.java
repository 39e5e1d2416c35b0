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
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.WriteResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpHeader;

/** status, scale, binding, finalize and eviction; the node-facing ones (log, exec, attach, ephemeralcontainers) answer clearly until kubelets serve them. */
final class Subresources {
    private final ObjectRegistry registry;
    private final Clock clock;

    Subresources(ObjectRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
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
                evict(ex, info, endpoints);
            }
            case "log", "exec", "attach", "ephemeralcontainers" -> nodeFacing(info);
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

    // ------------------------------------------------------------ binding

    /** The scheduler's write: sets spec.nodeName once (pod specs are otherwise immutable) and marks PodScheduled. */
    private void bind(Exchange ex, RequestInfo info) throws IOException {
        JsonNode binding = ResourceEndpoints.bodyTree(ex);
        String node = binding.path("target").path("name").asText("");
        if (node.isEmpty()) {
            throw StatusException.invalid("", "Binding", info.name(), List.of(dev.beluga.api.errors.FieldError.required("target.name", "")));
        }
        ResourceType type = ResourceRegistry.PODS;
        String key = type.key(info.namespace(), info.name());
        for (int attempt = 0; attempt < 8; attempt++) {
            KeyValue kv = registry.store().get(key).orElseThrow(() -> StatusException.notFound("", "pods", info.name()));
            Pod pod = (Pod) ObjectCodec.fromStored(type, kv.value());
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                throw StatusException.conflict("", "pods/binding", info.name(), "pod " + info.name() + " is being deleted, cannot be assigned to a host");
            }
            String assigned = pod.getSpec().getNodeName();
            if (assigned != null && !assigned.isEmpty()) {
                throw StatusException.conflict("", "pods/binding", info.name(), "pod " + info.name() + " is already assigned to node \"" + assigned + "\"");
            }
            pod.getSpec().setNodeName(node);
            binding.path("metadata").path("annotations").properties().forEach(e -> {
                if (pod.getMetadata().getAnnotations() == null) pod.getMetadata().setAnnotations(new java.util.LinkedHashMap<>());
                pod.getMetadata().getAnnotations().put(e.getKey(), e.getValue().asText());
            });
            if (pod.getStatus() == null) pod.setStatus(new PodStatus());
            List<PodCondition> conditions = new ArrayList<>(pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions());
            conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
            PodCondition scheduled = new PodCondition();
            scheduled.setType("PodScheduled");
            scheduled.setStatus("True");
            scheduled.setLastTransitionTime(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
            conditions.add(scheduled);
            pod.getStatus().setConditions(conditions);
            if (ResourceEndpoints.writeOptions(ex).dryRun()) break;
            if (registry.store().update(key, ObjectCodec.toStored(pod), kv.modRevision()) instanceof WriteResult.Ok) break;
        }
        ex.send(201, "application/json", success());
    }

    // ------------------------------------------------------------ eviction

    /** No PodDisruptionBudgets exist here, so an eviction is a delete with the eviction's options. */
    private void evict(Exchange ex, RequestInfo info, ResourceEndpoints endpoints) throws IOException {
        JsonNode eviction = ResourceEndpoints.bodyTree(ex);
        JsonNode opts = eviction.path("deleteOptions");
        Optional<Long> grace = opts.hasNonNull("gracePeriodSeconds") ? Optional.of(opts.get("gracePeriodSeconds").asLong()) : Optional.empty();
        registry.delete(ResourceRegistry.PODS, info.namespace(), info.name(),
                new DeleteRequest(grace, Optional.empty(), Optional.empty(), Optional.empty(), false));
        ex.send(201, "application/json", success());
    }

    private void nodeFacing(RequestInfo info) {
        Pod pod = (Pod) registry.getObject(ResourceRegistry.PODS, info.namespace(), info.name());
        String node = pod.getSpec().getNodeName();
        if (node == null || node.isEmpty()) {
            throw StatusException.badRequest("pod " + info.name() + " does not have a host assigned");
        }
        throw StatusException.serviceUnavailable("pods/" + info.subresource() + " needs the kubelet of node \"" + node
                + "\", and no kubelet serves it in this cluster");
    }

    private static byte[] success() {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"code\":201}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
