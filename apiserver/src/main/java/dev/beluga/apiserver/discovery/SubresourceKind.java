package dev.beluga.apiserver.discovery;

import dev.beluga.api.resources.ResourceType;
import java.util.List;

/**
 * What discovery says about one subresource: the kind it answers with and the verbs it allows.
 * The facts are upstream's REST storage for each subresource (k8s.io/kubernetes pkg/registry).
 *
 * @param name    subresource name, e.g. status
 * @param group   group of the kind the subresource speaks ("" for core)
 * @param version version of that kind
 * @param kind    the kind, e.g. Scale
 * @param verbs   verbs, sorted as upstream lists them
 */
public record SubresourceKind(String name, String group, String version, String kind, List<String> verbs) {

    private static final List<String> GET_PATCH_UPDATE = List.of("get", "patch", "update");

    /** The description of {@code parent}'s subresource {@code name}. */
    public static SubresourceKind of(ResourceType parent, String name) {
        return switch (name) {
            case "status" -> same(parent, name, GET_PATCH_UPDATE);
            case "scale" -> new SubresourceKind(name, "autoscaling", "v1", "Scale", GET_PATCH_UPDATE);
            case "binding" -> new SubresourceKind(name, "", "v1", "Binding", List.of("create"));
            // pods/log streams text but upstream declares it with the Pod kind
            case "log" -> same(parent, name, List.of("get"));
            case "exec" -> new SubresourceKind(name, "", "v1", "PodExecOptions", List.of("create", "get"));
            case "attach" -> new SubresourceKind(name, "", "v1", "PodAttachOptions", List.of("create", "get"));
            case "portforward" -> new SubresourceKind(name, "", "v1", "PodPortForwardOptions", List.of("create", "get"));
            case "ephemeralcontainers" -> same(parent, name, GET_PATCH_UPDATE);
            case "eviction" -> new SubresourceKind(name, "policy", "v1", "Eviction", List.of("create"));
            case "finalize" -> same(parent, name, List.of("update"));
            default -> same(parent, name, GET_PATCH_UPDATE);
        };
    }

    private static SubresourceKind same(ResourceType parent, String name, List<String> verbs) {
        return new SubresourceKind(name, parent.group(), parent.version(), parent.kind(), verbs);
    }

    /** Whether the kind lives in another group-version than the parent resource (discovery then names it). */
    public boolean foreignTo(ResourceType parent) {
        return !group.equals(parent.group()) || !version.equals(parent.version());
    }
}
