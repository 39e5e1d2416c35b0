package dev.beluga.controller.statefulset;

import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.Times;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which revision pods are at now and which they are going to (upstream's getStatefulSetRevisions).
 * The update revision is the one whose data is the set's current template: the newest revision when
 * it already is, an older one renumbered to the newest when the template went back to it (rollback),
 * or a new one. The current revision is the one status.currentRevision names, or the update
 * revision for a set that has none yet.
 *
 * @param history        the set's revisions (owned, or orphans it adopts), oldest first
 * @param collisionCount status.collisionCount after any name collision was stepped over
 * @param actions        CreateRevision or RenumberRevision, when needed
 */
record RevisionPlan(ControllerRevision current, ControllerRevision update, int collisionCount,
                    List<ControllerRevision> history, List<StatefulSetAction> actions) {

    static final String HASH_LABEL = "controller.kubernetes.io/hash";

    /** Upstream's SortControllerRevisions: by number, then creation time, then name. */
    static final Comparator<ControllerRevision> OLDEST_FIRST = Comparator
            .comparingLong((ControllerRevision r) -> number(r))
            .thenComparing(r -> Times.parse(r.getMetadata().getCreationTimestamp()).orElse(java.time.Instant.EPOCH))
            .thenComparing(r -> r.getMetadata().getName());

    /**
     * @param history   the set's revisions, in any order
     * @param namespace every revision in the set's namespace by name, to step over names another
     *                  object holds with different data
     */
    static RevisionPlan of(StatefulSet set, List<ControllerRevision> history, Map<String, ControllerRevision> namespace) {
        List<ControllerRevision> sorted = history.stream().sorted(OLDEST_FIRST).toList();
        int collisionCount = set.getStatus() == null || set.getStatus().getCollisionCount() == null ? 0 : set.getStatus().getCollisionCount();
        String data = RevisionData.patchOf(set);
        long next = sorted.isEmpty() ? 1 : number(sorted.getLast()) + 1;
        List<ControllerRevision> equal = sorted.stream().filter(r -> RevisionData.sameData(r, data)).toList();
        List<StatefulSetAction> actions = new ArrayList<>();

        ControllerRevision update;
        if (!equal.isEmpty() && RevisionData.sameData(sorted.getLast(), data)) {
            update = sorted.getLast();
        } else if (!equal.isEmpty()) {
            ControllerRevision previous = equal.getLast();
            update = new ControllerRevisionBuilder(previous).withRevision(next).build();
            actions.add(new StatefulSetAction.RenumberRevision(previous, next));
        } else {
            while (true) {
                String hash = RevisionHash.of(data.getBytes(java.nio.charset.StandardCharsets.UTF_8), collisionCount);
                String name = RevisionHash.revisionName(set.getMetadata().getName(), hash);
                ControllerRevision holder = namespace.get(name);
                if (holder == null) {
                    update = newRevision(set, name, hash, data, next);
                    actions.add(new StatefulSetAction.CreateRevision(update));
                    break;
                }
                if (RevisionData.sameData(holder, data)) {
                    // As upstream: a revision with this name and data already exists (e.g. one the
                    // garbage collector has yet to remove); pods can be labelled with its name.
                    update = holder;
                    break;
                }
                collisionCount++;
            }
        }

        String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
        Optional<ControllerRevision> current = sorted.stream().filter(r -> r.getMetadata().getName().equals(currentName)).findFirst();
        return new RevisionPlan(current.orElse(update), update, collisionCount, sorted, List.copyOf(actions));
    }

    private static ControllerRevision newRevision(StatefulSet set, String name, String hash, String data, long number) {
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> templateLabels = set.getSpec().getTemplate() == null || set.getSpec().getTemplate().getMetadata() == null
                ? null : set.getSpec().getTemplate().getMetadata().getLabels();
        if (templateLabels != null) labels.putAll(templateLabels);
        labels.put(HASH_LABEL, hash);
        Map<String, String> annotations = set.getMetadata().getAnnotations() == null ? Map.of() : set.getMetadata().getAnnotations();
        return new ControllerRevisionBuilder()
                .withNewMetadata()
                .withName(name).withNamespace(set.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations.isEmpty() ? null : new LinkedHashMap<>(annotations))
                .withOwnerReferences(ControllerRefs.newControllerRef(set))
                .endMetadata()
                .withData(RevisionData.dataValue(data))
                .withRevision(number)
                .build();
    }

    static long number(ControllerRevision r) {
        return r.getRevision() == null ? 0 : r.getRevision();
    }
}
