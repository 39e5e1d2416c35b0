package dev.beluga.client;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Where an object lives: its namespace ("" for cluster-scoped kinds) and name. Printed as upstream's "ns/name". */
public record ObjectKey(String namespace, String name) {
    public ObjectKey {
        namespace = namespace == null ? "" : namespace;
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("an object key needs a name");
    }

    public static ObjectKey of(HasMetadata object) {
        return new ObjectKey(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    /** Parses "ns/name" or "name". */
    public static ObjectKey parse(String text) {
        int slash = text.indexOf('/');
        return slash < 0 ? new ObjectKey("", text) : new ObjectKey(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public String toString() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
