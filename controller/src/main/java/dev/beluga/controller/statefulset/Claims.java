package dev.beluga.controller.statefulset;

import dev.beluga.api.selection.LabelSelector;
import dev.beluga.controller.ControllerRefs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which pods and revisions are the set's (upstream's ControllerRefManager.ClaimPods with the
 * isMemberOf filter, and ListControllerRevisions with orphan adoption). Pods another controller owns
 * are left alone; orphans that match are adopted, owned ones that no longer match are released. A
 * set being deleted adopts and releases nothing.
 *
 * @param objects what the set works with this pass (adopted ones as their adopted copies)
 * @param actions AdoptPod/ReleasePod or AdoptRevision
 */
record Claims<T>(List<T> objects, List<StatefulSetAction> actions) {

    static Claims<Pod> pods(StatefulSet set, LabelSelector selector, List<Pod> candidates) {
        boolean deleting = set.getMetadata().getDeletionTimestamp() != null;
        String setName = set.getMetadata().getName();
        List<Pod> owned = new ArrayList<>();
        List<StatefulSetAction> actions = new ArrayList<>();
        for (Pod pod : candidates) {
            if (!set.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())) continue;
            boolean matches = selector.matches(ControllerRefs.labelsOf(pod)) && PodOrdinal.isMemberOf(setName, pod);
            Optional<OwnerReference> controller = ControllerRefs.controllerOf(pod);
            if (controller.isPresent()) {
                if (!set.getMetadata().getUid().equals(controller.get().getUid())) continue;
                if (matches) owned.add(pod);
                else if (!deleting) actions.add(new StatefulSetAction.ReleasePod(released(pod, set)));
                continue;
            }
            if (deleting || !matches || pod.getMetadata().getDeletionTimestamp() != null) continue;
            Pod adopted = new PodBuilder(pod).build();
            adopted.getMetadata().setOwnerReferences(withController(pod, set));
            owned.add(adopted);
            actions.add(new StatefulSetAction.AdoptPod(adopted));
        }
        return new Claims<>(owned, actions);
    }

    static Claims<ControllerRevision> revisions(StatefulSet set, LabelSelector selector, List<ControllerRevision> candidates) {
        boolean deleting = set.getMetadata().getDeletionTimestamp() != null;
        List<ControllerRevision> owned = new ArrayList<>();
        List<StatefulSetAction> actions = new ArrayList<>();
        for (ControllerRevision r : candidates) {
            if (!set.getMetadata().getNamespace().equals(r.getMetadata().getNamespace()) || !selector.matches(ControllerRefs.labelsOf(r))) continue;
            Optional<OwnerReference> controller = ControllerRefs.controllerOf(r);
            if (controller.isPresent()) {
                if (set.getMetadata().getUid().equals(controller.get().getUid())) owned.add(r);
                continue;
            }
            if (deleting) {
                // Still part of the history the set reports on, but no longer adopted.
                owned.add(r);
                continue;
            }
            ControllerRevision adopted = new ControllerRevisionBuilder(r).build();
            adopted.getMetadata().setOwnerReferences(withController(r, set));
            owned.add(adopted);
            actions.add(new StatefulSetAction.AdoptRevision(adopted));
        }
        return new Claims<>(owned, actions);
    }

    private static List<OwnerReference> withController(HasMetadata o, StatefulSet set) {
        List<OwnerReference> refs = new ArrayList<>(o.getMetadata().getOwnerReferences() == null ? List.of() : o.getMetadata().getOwnerReferences());
        refs.add(ControllerRefs.newControllerRef(set));
        return refs;
    }

    private static Pod released(Pod pod, StatefulSet set) {
        Pod copy = new PodBuilder(pod).build();
        List<OwnerReference> refs = new ArrayList<>(copy.getMetadata().getOwnerReferences());
        refs.removeIf(r -> set.getMetadata().getUid().equals(r.getUid()));
        copy.getMetadata().setOwnerReferences(refs);
        return copy;
    }
}
