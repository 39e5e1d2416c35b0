package dev.beluga.kubelet.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.Patch;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Optional;

/**
 * Writes pod statuses and confirms deletions (upstream's status manager). A status goes out only
 * when it differs from the one last written (or, before the first write, from the API's), as one
 * JSON patch of pods/status that first tests the pod's uid, so a pod deleted and recreated under the
 * same name never gets the old one's status.
 */
final class PodStatusWriter {
    private final Client client;

    PodStatusWriter(Client client) {
        this.client = client;
    }

    /** Returns whether the status was written (false when unchanged or the pod is gone). */
    boolean write(Pod pod, PodStatus status, PodMemory memory) {
        PodStatus current = memory.lastWritten.orElse(pod.getStatus());
        if (status.equals(current)) return false;
        ArrayNode ops = JsonNodeFactory.instance.arrayNode();
        ObjectNode test = ops.addObject();
        if (dev.beluga.kubelet.staticpod.StaticPods.isStatic(pod)) {
            // A static pod's status goes to its mirror (another uid), the one that carries the static pod's hash.
            test.put("op", "test").put("path", "/metadata/annotations/kubernetes.io~1config.mirror")
                    .put("value", dev.beluga.kubelet.staticpod.StaticPods.hash(pod));
        } else {
            test.put("op", "test").put("path", "/metadata/uid").put("value", pod.getMetadata().getUid());
        }
        ObjectNode set = ops.addObject();
        set.put("op", "add").put("path", "/status");
        set.set("value", Json.MAPPER.valueToTree(status));
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(ops);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the status of pod " + pod.getMetadata().getName(), e);
        }
        try {
            client.patch(Kind.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), new Patch(Patch.Type.JSON, body, true));
            memory.lastWritten = Optional.of(status);
            return true;
        } catch (StatusException e) {
            // Gone, or replaced by a pod of another uid (the test fails): this status has no pod to go to.
            if (e.code() == 404 || e.code() == 422 || e.code() == 409) return false;
            throw e;
        }
    }

    /** Upstream's final step of a deletion: DELETE with grace 0 and a uid precondition, so the API object goes. */
    void confirmDeletion(Pod pod) {
        try {
            client.delete(Kind.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    new DeleteOptionsBuilder().withGracePeriodSeconds(0L).withNewPreconditions().withUid(pod.getMetadata().getUid()).endPreconditions().build());
        } catch (StatusException e) {
            if (e.code() != 404 && e.code() != 409) throw e;
        }
    }
}
