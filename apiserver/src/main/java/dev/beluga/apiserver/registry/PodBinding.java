package dev.beluga.apiserver.registry;

import dev.beluga.api.errors.FieldError;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.WriteResult;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * pods/binding, the scheduler's write: sets spec.nodeName once (pod specs are otherwise immutable),
 * adds the binding's annotations and marks PodScheduled=True, as upstream's BindingREST does. One
 * implementation for the HTTP subresource and the in-process client, which the scheduler drives at
 * thousands of binds per second: one read, one decode, one encode, one conditional write.
 */
public final class PodBinding {
    private static final int CONFLICT_RETRIES = 8;

    /**
     * One binding.
     *
     * @param uid             the pod must still have this uid (empty = any), as upstream's precondition
     * @param resourceVersion the pod must still be at this resourceVersion (empty = any)
     */
    public record Request(String namespace, String pod, Optional<String> uid, Optional<String> resourceVersion, String node,
                          Map<String, String> annotations, boolean dryRun) {
        public Request {
            annotations = Map.copyOf(annotations);
        }

        public static Request of(String namespace, String pod, String node) {
            return new Request(namespace, pod, Optional.empty(), Optional.empty(), node, Map.of(), false);
        }
    }

    private final ObjectRegistry registry;
    private final Clock clock;

    public PodBinding(ObjectRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public void bind(Request request) {
        if (request.node().isEmpty()) {
            throw StatusException.invalid("", "Binding", request.pod(), List.of(FieldError.required("target.name", "")));
        }
        ResourceType type = ResourceRegistry.PODS;
        String key = type.key(request.namespace(), request.pod());
        for (int attempt = 0; ; attempt++) {
            KeyValue kv = registry.store().get(key).orElseThrow(() -> StatusException.notFound("", "pods", request.pod()));
            Pod pod = (Pod) ObjectCodec.fromStored(type, kv.value());
            checkPreconditions(request, pod);
            assign(request, pod);
            if (request.dryRun()) return;
            WriteResult r = registry.store().update(key, ObjectCodec.toStored(pod), kv.modRevision());
            switch (r) {
                case WriteResult.Ok ok -> {
                    return;
                }
                case WriteResult.NotFound nf -> throw StatusException.notFound("", "pods", request.pod());
                default -> {
                    // A concurrent write (e.g. a label change) won; the next attempt sees it and re-checks.
                    if (attempt >= CONFLICT_RETRIES) {
                        throw StatusException.conflict("", "pods/binding", request.pod(),
                                "the object has been modified; please apply your changes to the latest version and try again");
                    }
                }
            }
        }
    }

    private static void checkPreconditions(Request request, Pod pod) {
        String name = request.pod();
        request.uid().filter(uid -> !uid.isEmpty() && !uid.equals(pod.getMetadata().getUid())).ifPresent(uid -> {
            throw StatusException.conflict("", "pods/binding", name,
                    "Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + pod.getMetadata().getUid());
        });
        request.resourceVersion().filter(rv -> !rv.isEmpty() && !rv.equals(pod.getMetadata().getResourceVersion())).ifPresent(rv -> {
            throw StatusException.conflict("", "pods/binding", name,
                    "Precondition failed: ResourceVersion in precondition: " + rv + ", ResourceVersion in object meta: "
                            + pod.getMetadata().getResourceVersion());
        });
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            throw StatusException.conflict("", "pods/binding", name, "pod " + name + " is being deleted, cannot be assigned to a host");
        }
        String assigned = pod.getSpec().getNodeName();
        if (assigned != null && !assigned.isEmpty()) {
            throw StatusException.conflict("", "pods/binding", name, "pod " + name + " is already assigned to node \"" + assigned + "\"");
        }
        if (pod.getSpec().getSchedulingGates() != null && !pod.getSpec().getSchedulingGates().isEmpty()) {
            throw StatusException.conflict("", "pods/binding", name, "pod " + name + " has non-empty .spec.schedulingGates");
        }
    }

    private void assign(Request request, Pod pod) {
        pod.getSpec().setNodeName(request.node());
        if (!request.annotations().isEmpty()) {
            Map<String, String> annotations = new LinkedHashMap<>(pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations());
            annotations.putAll(request.annotations());
            pod.getMetadata().setAnnotations(annotations);
        }
        if (pod.getStatus() == null) pod.setStatus(new PodStatus());
        List<PodCondition> conditions = new ArrayList<>(pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions());
        conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
        PodCondition scheduled = new PodCondition();
        scheduled.setType("PodScheduled");
        scheduled.setStatus("True");
        scheduled.setLastTransitionTime(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        conditions.add(scheduled);
        pod.getStatus().setConditions(conditions);
    }
}
