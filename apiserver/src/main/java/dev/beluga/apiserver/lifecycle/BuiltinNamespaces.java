package dev.beluga.apiserver.lifecycle;

import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.apiserver.registry.ObjectRegistry;
import dev.beluga.apiserver.registry.WriteOptions;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/** The namespaces every cluster has from the start, each with its default service account. */
public final class BuiltinNamespaces {
    public static final List<String> NAMES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private BuiltinNamespaces() {}

    public static void ensure(ObjectRegistry registry) {
        for (String name : NAMES) {
            if (registry.find(ResourceRegistry.NAMESPACES, "", name).isEmpty()) {
                Namespace ns = new Namespace();
                ns.setApiVersion("v1");
                ns.setKind("Namespace");
                ns.setMetadata(new ObjectMeta());
                ns.getMetadata().setName(name);
                ns.getMetadata().setLabels(java.util.Map.of("kubernetes.io/metadata.name", name));
                try {
                    registry.create(ResourceRegistry.NAMESPACES, "", ns, WriteOptions.DEFAULT);
                } catch (StatusException e) {
                    if (e.code() != 409) throw e;
                }
            }
            registry.ensureDefaultServiceAccount(name);
        }
    }
}
