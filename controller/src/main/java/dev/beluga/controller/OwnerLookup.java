package dev.beluga.controller;

import dev.beluga.api.errors.StatusException;
import dev.beluga.api.selection.LabelSelector;
import dev.beluga.client.informer.Lister;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The owners of one kind as a workload controller finds them in its informer cache: the one a
 * dependent's controller reference names (upstream's resolveControllerRef: that kind, and that very
 * object, by uid, not a successor under its name), and those whose selector would adopt an orphan
 * (upstream's getPodReplicaSets and its likes: an empty or invalid selector adopts nothing).
 */
public final class OwnerLookup<O extends HasMetadata> {
    private final Lister<O> owners;
    private final String apiVersionPrefix;
    private final String kind;
    private final Function<O, io.fabric8.kubernetes.api.model.LabelSelector> selector;

    /**
     * @param apiGroup the owners' API group ("apps")
     * @param selector the owner's selector of dependents, null when it has none
     */
    public OwnerLookup(Lister<O> owners, String apiGroup, String kind, Function<O, io.fabric8.kubernetes.api.model.LabelSelector> selector) {
        this.owners = owners;
        this.apiVersionPrefix = apiGroup + "/";
        this.kind = kind;
        this.selector = selector;
    }

    /** The owner {@code ref} points at, if it is one of this kind in the cache (same uid). */
    public Optional<O> resolve(String namespace, OwnerReference ref) {
        if (!kind.equals(ref.getKind()) || ref.getApiVersion() == null || !ref.getApiVersion().startsWith(apiVersionPrefix)) return Optional.empty();
        return owners.get(namespace, ref.getName()).filter(o -> Objects.equals(o.getMetadata().getUid(), ref.getUid()));
    }

    /** The owner that controls {@code dependent}, if it is one of this kind in the cache. */
    public Optional<O> controllerOf(HasMetadata dependent) {
        return ControllerRefs.controllerOf(dependent).flatMap(ref -> resolve(ControllerRefs.namespaceOf(dependent), ref));
    }

    /** Owners in the orphan's namespace whose (non-empty, valid) selector matches its labels: one of them may adopt it. */
    public List<O> selecting(HasMetadata orphan) {
        List<O> out = new ArrayList<>();
        Map<String, String> labels = ControllerRefs.labelsOf(orphan);
        if (labels.isEmpty()) return out;
        for (O owner : owners.list(ControllerRefs.namespaceOf(orphan))) {
            try {
                LabelSelector s = LabelSelector.fromModel(Optional.ofNullable(selector.apply(owner)));
                if (!s.isEverything() && s.matches(labels)) out.add(owner);
            } catch (StatusException ignored) {
                // An invalid selector matches nothing.
            }
        }
        return out;
    }
}
