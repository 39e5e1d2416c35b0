package dev.beluga.controller;

import dev.beluga.client.informer.Lister;
import dev.beluga.client.informer.SharedInformer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Controller references (metav1.GetControllerOf, NewControllerRef) and the patches upstream's
 * ControllerRefManager sends to adopt an orphan or release a dependent. Also two informer indexes the
 * workload controllers share, so finding "my pods" and "orphans here" does not scan a namespace.
 */
public final class ControllerRefs {
    /** Index: the uid of the object's controller ("" never indexed). */
    public static final String CONTROLLER_UID_INDEX = "beluga.dev/controller-uid";
    /** Index: the namespace of objects that have no controller. */
    public static final String ORPHANS_INDEX = "beluga.dev/orphans-by-namespace";

    private ControllerRefs() {}

    /** The object's controller reference, if it has one. */
    public static Optional<OwnerReference> controllerOf(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) return Optional.empty();
        for (OwnerReference r : refs) {
            if (Boolean.TRUE.equals(r.getController())) return Optional.of(r);
        }
        return Optional.empty();
    }

    public static boolean isControlledBy(HasMetadata object, HasMetadata owner) {
        String uid = owner.getMetadata().getUid();
        return uid != null && controllerOf(object).map(r -> uid.equals(r.getUid())).orElse(false);
    }

    /** metav1.NewControllerRef: controller and blockOwnerDeletion set, so foreground deletion waits for dependents. */
    public static OwnerReference newControllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true)
                .build();
    }

    /**
     * Strategic merge patch that makes {@code owner} the controller of an orphan. The dependent's uid
     * rides along as a precondition: a recreated object of the same name is not adopted by mistake.
     */
    public static String adoptPatch(HasMetadata owner, HasMetadata dependent) {
        OwnerReference ref = newControllerRef(owner);
        return "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":" + quote(ref.getApiVersion())
                + ",\"kind\":" + quote(ref.getKind()) + ",\"name\":" + quote(ref.getName())
                + ",\"uid\":" + quote(ref.getUid()) + ",\"controller\":true,\"blockOwnerDeletion\":true}],"
                + "\"uid\":" + quote(dependent.getMetadata().getUid()) + "}}";
    }

    /** Strategic merge patch that removes {@code owner}'s reference from a dependent that no longer matches it. */
    public static String releasePatch(HasMetadata owner, HasMetadata dependent) {
        return "{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"delete\",\"uid\":" + quote(owner.getMetadata().getUid()) + "}],"
                + "\"uid\":" + quote(dependent.getMetadata().getUid()) + "}}";
    }

    /**
     * Adds {@link #CONTROLLER_UID_INDEX} and {@link #ORPHANS_INDEX} unless present. Re-adding an
     * index rebuilds it, and a reader in between would see it empty; so each is added once.
     */
    public static <T extends HasMetadata> void addIndexes(SharedInformer<T> informer) {
        synchronized (informer) {
            if (!hasIndex(informer.lister(), CONTROLLER_UID_INDEX)) {
                informer.addIndex(CONTROLLER_UID_INDEX, o -> controllerOf(o).map(OwnerReference::getUid)
                        .filter(uid -> !uid.isEmpty()).map(List::of).orElse(List.of()));
            }
            if (!hasIndex(informer.lister(), ORPHANS_INDEX)) {
                informer.addIndex(ORPHANS_INDEX, o -> controllerOf(o).isPresent() ? List.of() : List.of(namespaceOf(o)));
            }
        }
    }

    /**
     * What {@code owner} may claim, from an informer with {@link #addIndexes}: the objects it controls
     * and the orphans in its namespace (only those can be adopted), each once, by name.
     */
    public static <T extends HasMetadata> List<T> controlledOrOrphaned(Lister<T> lister, HasMetadata owner) {
        Map<String, T> byName = new LinkedHashMap<>();
        String uid = owner.getMetadata().getUid();
        if (uid != null) {
            for (T o : lister.byIndex(CONTROLLER_UID_INDEX, uid)) byName.put(o.getMetadata().getName(), o);
        }
        for (T o : lister.byIndex(ORPHANS_INDEX, namespaceOf(owner))) byName.putIfAbsent(o.getMetadata().getName(), o);
        return new ArrayList<>(byName.values());
    }

    private static boolean hasIndex(Lister<?> lister, String name) {
        try {
            lister.byIndex(name, "");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static String namespaceOf(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return ns == null ? "" : ns;
    }

    public static Map<String, String> labelsOf(HasMetadata o) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
