package dev.beluga.controller;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import java.util.Optional;

/**
 * Upstream's RecheckDeletionTimestamp with the uid check the workload controllers wrap it in: before
 * the first adoption of a pass, the owner is read from the API itself (the cache may not show yet that
 * it is gone or going), and only that very owner, not being deleted, may adopt. Otherwise a conflict:
 * the owner's key is retried quietly and the next pass sees the truth.
 */
public final class AdoptionCheck {
    private AdoptionCheck() {}

    public static <T extends HasMetadata> void ensureCanAdopt(Client client, Kind<T> kind, T owner) {
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
}
