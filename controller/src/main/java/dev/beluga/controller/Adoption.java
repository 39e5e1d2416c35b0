package dev.beluga.controller;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.Patch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import java.util.Optional;

/**
 * Adopting orphans and releasing dependents through the API, as upstream's ControllerRefManager
 * does for the workload controllers. A refusal or a plan gone stale is a 409 conflict: the owner's
 * key is retried quietly and the next pass plans from what is there then.
 */
public final class Adoption {
    private Adoption() {}

    /**
     * Upstream's RecheckDeletionTimestamp with the uid check around it, before the first adoption of a
     * pass: the owner read from the API itself (the cache may not show yet that it is gone or going),
     * and only that very owner, not being deleted, may adopt.
     */
    public static <T extends HasMetadata> void ensureAllowed(Client client, Kind<T> kind, T owner) {
        String namespace = owner.getMetadata().getNamespace();
        String name = owner.getMetadata().getName();
        Optional<T> fresh = client.get(kind, namespace, name);
        String freshUid = fresh.map(o -> o.getMetadata().getUid()).orElse("");
        if (!Objects.equals(freshUid, owner.getMetadata().getUid())) {
            throw StatusException.conflict(kind.type().group(), kind.type().resource(), name, "original " + kind.type().kind() + " "
                    + namespace + "/" + name + " is gone: got uid " + freshUid + ", wanted " + owner.getMetadata().getUid() + "; not adopting");
        }
        if (fresh.get().getMetadata().getDeletionTimestamp() != null) {
            throw StatusException.conflict(kind.type().group(), kind.type().resource(), name, namespace + "/" + name
                    + " has just been deleted at " + fresh.get().getMetadata().getDeletionTimestamp() + "; not adopting");
        }
    }

    /** Makes {@code owner} the controller of the orphan {@code dependent} (that very object, by uid); the dependent as written. */
    public static <D extends HasMetadata> D adopt(Client client, Kind<D> kind, HasMetadata owner, D dependent) {
        try {
            return client.patch(kind, dependent.getMetadata().getNamespace(), dependent.getMetadata().getName(),
                    Patch.strategic(ControllerRefs.adoptPatch(owner, dependent)));
        } catch (StatusException e) {
            // The plan counted the orphan as the owner's; gone, it must be planned again (quietly: a stale cache, as a conflict is).
            if (ApiErrors.isNotFound(e)) {
                throw StatusException.conflict(kind.type().group(), kind.type().resource(), dependent.getMetadata().getName(),
                        "the " + kind.type().kind() + " to adopt is gone");
            }
            throw e;
        }
    }

    /** Removes {@code owner}'s reference from a dependent that no longer matches it. */
    public static <D extends HasMetadata> void release(Client client, Kind<D> kind, HasMetadata owner, D dependent) {
        try {
            client.patch(kind, dependent.getMetadata().getNamespace(), dependent.getMetadata().getName(),
                    Patch.strategic(ControllerRefs.releasePatch(owner, dependent)));
        } catch (StatusException e) {
            // Gone, or a new object under that name (the uid precondition, 409 or 422): nothing of the owner's to release.
            if (!ApiErrors.isNotFound(e) && !ApiErrors.isConflict(e) && e.code() != 422) throw e;
        }
    }
}
