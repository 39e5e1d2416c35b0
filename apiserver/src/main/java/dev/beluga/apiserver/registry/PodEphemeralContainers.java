package dev.beluga.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.admission.Defaulting;
import dev.beluga.api.admission.Validation;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.FieldError;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.WriteResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * pods/ephemeralcontainers (what {@code kubectl debug} patches), as upstream's EphemeralContainersREST:
 * of the pod written only spec.ephemeralContainers is kept (every other change is dropped, as the
 * strategy's PrepareForUpdate does); existing ephemeral containers may be neither removed nor
 * changed, new ones are validated with the pod's spec (no ports, probes, lifecycle, resources or
 * subPaths; a targetContainerName must name a container of the pod); mirror pods refuse them.
 */
public final class PodEphemeralContainers {
    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    private static final int CONFLICT_RETRIES = 8;
    private static final ResourceType PODS = ResourceRegistry.PODS;

    private final ObjectRegistry registry;

    public PodEphemeralContainers(ObjectRegistry registry) {
        this.registry = registry;
    }

    /** PATCH: {@code patch} applies to the pod's JSON; returns the pod written. */
    public Written patch(String namespace, String name, UnaryOperator<JsonNode> patch, WriteOptions options) {
        return write(namespace, name, "", options, current -> {
            JsonNode after = patch.apply(Json.MAPPER.valueToTree(current));
            return (Pod) ObjectCodec.fromClient(PODS, after);
        });
    }

    /** PUT of the whole pod; its resourceVersion, when set, is a precondition. */
    public Written update(String namespace, String name, Pod desired, WriteOptions options) {
        if (desired.getMetadata() != null && desired.getMetadata().getName() != null && !desired.getMetadata().getName().isEmpty()
                && !desired.getMetadata().getName().equals(name)) {
            throw StatusException.badRequest("the name of the object (" + desired.getMetadata().getName() + ") does not match the name on the URL (" + name + ")");
        }
        String rv = desired.getMetadata() == null || desired.getMetadata().getResourceVersion() == null ? "" : desired.getMetadata().getResourceVersion();
        return write(namespace, name, rv, options, current -> desired);
    }

    private Written write(String namespace, String name, String precondition, WriteOptions options, UnaryOperator<Pod> change) {
        String key = PODS.key(namespace, name);
        for (int attempt = 0; ; attempt++) {
            KeyValue kv = registry.store().get(key).orElseThrow(() -> StatusException.notFound("", "pods", name));
            Pod old = (Pod) ObjectCodec.fromStored(PODS, kv.value());
            if (!precondition.isEmpty() && !precondition.equals(old.getMetadata().getResourceVersion())) {
                throw conflict(name);
            }
            Pod desired = change.apply((Pod) ObjectCodec.fromStored(PODS, kv.value()));
            Pod next = (Pod) ObjectCodec.fromStored(PODS, kv.value());
            next.getSpec().setEphemeralContainers(desired.getSpec() == null ? List.of() : copy(desired.getSpec().getEphemeralContainers()));
            Defaulting.apply(next);
            List<FieldError> errors = validate(next, old);
            if (!errors.isEmpty()) throw StatusException.invalid("", "Pod", name, errors);
            byte[] bytes = ObjectCodec.toStored(next);
            if (java.util.Arrays.equals(bytes, kv.value())) return new Written(200, kv.value(), List.of());
            if (options.dryRun()) return new Written(200, bytes, List.of());
            WriteResult r = registry.store().update(key, bytes, kv.modRevision());
            switch (r) {
                case WriteResult.Ok ok -> {
                    return new Written(200, ok.kv().value(), List.of());
                }
                case WriteResult.NotFound nf -> throw StatusException.notFound("", "pods", name);
                default -> {
                    if (!precondition.isEmpty() || attempt >= CONFLICT_RETRIES) throw conflict(name);
                }
            }
        }
    }

    /** Upstream's ValidatePodEphemeralContainersUpdate plus validateEphemeralContainers' checks. */
    static List<FieldError> validate(Pod next, Pod old) {
        if (old.getMetadata().getAnnotations() != null && old.getMetadata().getAnnotations().containsKey(MIRROR_ANNOTATION)) {
            return List.of(FieldError.forbidden("", "static pods do not support ephemeral containers"));
        }
        // The pod's own update rules with the ephemeral containers counted as unchanged: the spec is validated
        // as a whole (names unique across all containers, the ephemeral containers' forbidden fields).
        Pod baseline = (Pod) ObjectCodec.fromStored(PODS, ObjectCodec.toStored(old));
        baseline.getSpec().setEphemeralContainers(copy(next.getSpec().getEphemeralContainers()));
        List<FieldError> errs = new ArrayList<>(Validation.validateUpdate(PODS, next, baseline));

        List<EphemeralContainer> now = list(next.getSpec().getEphemeralContainers());
        Set<String> targets = new HashSet<>();
        for (Container c : list(next.getSpec().getContainers())) targets.add(c.getName());
        for (Container c : list(next.getSpec().getInitContainers())) targets.add(c.getName());
        for (int i = 0; i < now.size(); i++) {
            EphemeralContainer ec = now.get(i);
            String path = "spec.ephemeralContainers[" + i + "]";
            if (ec.getResources() != null && !emptyResources(ec.getResources())) {
                errs.add(FieldError.forbidden(path + ".resources", "cannot be set for an Ephemeral Container"));
            }
            List<VolumeMount> mounts = list(ec.getVolumeMounts());
            for (int m = 0; m < mounts.size(); m++) {
                if (mounts.get(m).getSubPath() != null && !mounts.get(m).getSubPath().isEmpty()) {
                    errs.add(FieldError.forbidden(path + ".volumeMounts[" + m + "].subPath", "cannot be set for an Ephemeral Container"));
                }
                if (mounts.get(m).getSubPathExpr() != null && !mounts.get(m).getSubPathExpr().isEmpty()) {
                    errs.add(FieldError.forbidden(path + ".volumeMounts[" + m + "].subPathExpr", "cannot be set for an Ephemeral Container"));
                }
            }
            String target = ec.getTargetContainerName();
            if (target != null && !target.isEmpty() && !targets.contains(target)) {
                errs.add(FieldError.notFound(path + ".targetContainerName", target));
            }
        }

        Map<String, EphemeralContainer> byName = new HashMap<>();
        for (EphemeralContainer ec : now) byName.put(ec.getName(), ec);
        for (EphemeralContainer before : list(old.getSpec().getEphemeralContainers())) {
            EphemeralContainer after = byName.get(before.getName());
            if (after == null) {
                errs.add(FieldError.forbidden("spec.ephemeralContainers", "existing ephemeral containers \"" + before.getName() + "\" may not be removed\n"));
            } else if (!after.equals(before)) {
                errs.add(FieldError.forbidden("spec.ephemeralContainers." + before.getName(),
                        "existing ephemeral containers \"" + before.getName() + "\" may not be changed\n"));
            }
        }
        return errs;
    }

    private static boolean emptyResources(ResourceRequirements r) {
        return (r.getLimits() == null || r.getLimits().isEmpty()) && (r.getRequests() == null || r.getRequests().isEmpty())
                && (r.getClaims() == null || r.getClaims().isEmpty());
    }

    private static List<EphemeralContainer> copy(List<EphemeralContainer> in) {
        if (in == null) return new ArrayList<>();
        List<EphemeralContainer> out = new ArrayList<>();
        for (EphemeralContainer c : in) out.add(Json.MAPPER.convertValue(c, EphemeralContainer.class));
        return out;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static StatusException conflict(String name) {
        return StatusException.conflict("", "pods", name, "the object has been modified; please apply your changes to the latest version and try again");
    }

    /** The pod as GET of the subresource serves it (the pod itself, as upstream). */
    public byte[] get(String namespace, String name) {
        return registry.get(PODS, namespace, name);
    }
}
