package dev.beluga.controller.garbagecollector;

import dev.beluga.client.Kind;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One object as the garbage collector knows it: where it lives and which incarnation it is. The uid
 * matters: an object deleted and created again under the same name is a different object, neither
 * the owner nor the dependent the old one was.
 *
 * @param namespace "" for cluster-scoped kinds
 */
public record ObjectIdentity(Kind<? extends HasMetadata> kind, String namespace, String name, String uid) {
    public ObjectIdentity {
        namespace = namespace == null ? "" : namespace;
        uid = uid == null ? "" : uid;
    }

    public static ObjectIdentity of(Kind<? extends HasMetadata> kind, HasMetadata object) {
        return new ObjectIdentity(kind, object.getMetadata().getNamespace(), object.getMetadata().getName(), object.getMetadata().getUid());
    }

    @Override
    public String toString() {
        return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name) + " (uid " + uid + ")";
    }
}
