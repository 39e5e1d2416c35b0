package dev.beluga.api.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Set;

/**
 * One API resource as discovery describes it, bound to its fabric8 model class.
 *
 * @param group         API group ("" for core)
 * @param version       version, e.g. v1
 * @param kind          kind, e.g. Pod
 * @param resource      plural lower-case name used in URLs, e.g. pods
 * @param singular      singular name, e.g. pod
 * @param namespaced    whether objects live in a namespace
 * @param shortNames    kubectl short names, e.g. po
 * @param categories    e.g. "all"
 * @param verbs         upstream's verbs for the resource
 * @param subresources  e.g. status, binding, scale
 * @param type          the fabric8 class
 */
public record ResourceType(String group, String version, String kind, String resource, String singular, boolean namespaced,
                           List<String> shortNames, List<String> categories, List<String> verbs, Set<String> subresources,
                           Class<? extends HasMetadata> type) {

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public String listKind() {
        return kind + "List";
    }

    /** resource.group, e.g. deployments.apps; core resources are just the plural. */
    public String qualifiedResource() {
        return group.isEmpty() ? resource : resource + "." + group;
    }

    /**
     * Prefix of every storage key of this resource, e.g. {@code /registry/pods/}: upstream's layout for the
     * groups served here. Core and events.k8s.io Events share {@code /registry/events/}, as upstream, since
     * both are views of one resource.
     */
    public String keyPrefix() {
        return "/registry/" + resource + "/";
    }

    /** The storage key of one object: {@code /registry/pods/default/web} or {@code /registry/nodes/n1}. */
    public String key(String namespace, String name) {
        return namespaced ? keyPrefix() + namespace + "/" + name : keyPrefix() + name;
    }

    public boolean hasSubresource(String name) {
        return subresources.contains(name);
    }

    public boolean supports(String verb) {
        return verbs.contains(verb);
    }
}
