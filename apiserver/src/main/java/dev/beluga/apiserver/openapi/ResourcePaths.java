package dev.beluga.apiserver.openapi;

import dev.beluga.api.resources.ResourceType;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The paths and operations upstream publishes for one resource: collection, item, all-namespaces
 * list and the subresources that take and return model objects (status, scale, ephemeralcontainers,
 * binding, finalize). Streaming and connect subresources (log, exec, attach) and eviction, whose
 * policy/v1 model is not on the class path, are left to discovery.
 */
final class ResourcePaths {
    private ResourcePaths() {}

    static List<ApiPath> of(ResourceType t) {
        String base = t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.group() + "/" + t.version();
        String tag = groupTag(t.group()) + "_" + t.version();
        String idInfix = groupCamel(t.group()) + capitalize(t.version());
        String scoped = t.namespaced() ? "Namespaced" : "";
        String collection = base + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.resource();
        String item = collection + "/{name}";
        List<String> collectionParams = t.namespaced() ? List.of("namespace") : List.of();
        List<String> itemParams = t.namespaced() ? List.of("name", "namespace") : List.of("name");
        Class<?> type = t.type();
        Class<?> listType = listClass(type);
        Gvk gvk = new Gvk(t.group(), t.version(), t.kind());

        List<ApiPath> out = new ArrayList<>();
        List<ApiOperation> onCollection = new ArrayList<>();
        if (t.supports("list")) {
            onCollection.add(op("get", "list" + idInfix + scoped + t.kind(), "list", gvk, QueryParameter.LIST, Optional.empty(), false,
                    Map.of("200", listType)));
        }
        if (t.supports("create")) {
            onCollection.add(op("post", "create" + idInfix + scoped + t.kind(), "post", gvk, QueryParameter.WRITE, Optional.of(type), true,
                    Map.of("200", type, "201", type, "202", type)));
        }
        if (t.supports("deletecollection")) {
            onCollection.add(op("delete", "delete" + idInfix + "Collection" + scoped + t.kind(), "deletecollection", gvk,
                    QueryParameter.DELETE_COLLECTION, Optional.of(DeleteOptions.class), false, Map.of("200", Status.class)));
        }
        out.add(new ApiPath(collection, tag, collectionParams, onCollection));

        List<ApiOperation> onItem = new ArrayList<>();
        if (t.supports("get")) {
            onItem.add(op("get", "read" + idInfix + scoped + t.kind(), "get", gvk, List.of(), Optional.empty(), false, Map.of("200", type)));
        }
        if (t.supports("update")) {
            onItem.add(op("put", "replace" + idInfix + scoped + t.kind(), "put", gvk, QueryParameter.WRITE, Optional.of(type), true,
                    Map.of("200", type, "201", type)));
        }
        if (t.supports("patch")) {
            onItem.add(op("patch", "patch" + idInfix + scoped + t.kind(), "patch", gvk, QueryParameter.PATCH, Optional.of(PatchBody.class),
                    true, Map.of("200", type, "201", type)));
        }
        if (t.supports("delete")) {
            onItem.add(op("delete", "delete" + idInfix + scoped + t.kind(), "delete", gvk, QueryParameter.DELETE,
                    Optional.of(DeleteOptions.class), false, Map.of("200", Status.class, "202", Status.class)));
        }
        out.add(new ApiPath(item, tag, itemParams, onItem));

        if (t.namespaced() && t.supports("list")) {
            out.add(new ApiPath(base + "/" + t.resource(), tag, List.of(), List.of(
                    op("get", "list" + idInfix + t.kind() + "ForAllNamespaces", "list", gvk, QueryParameter.LIST, Optional.empty(), false,
                            Map.of("200", listType)))));
        }

        for (String sub : t.subresources().stream().sorted().toList()) {
            String prefix = idInfix + scoped + t.kind() + capitalize(sub);
            String path = item + "/" + sub;
            switch (sub) {
                case "status", "ephemeralcontainers" -> out.add(new ApiPath(path, tag, itemParams, readReplacePatch(prefix, gvk, type)));
                case "scale" -> out.add(new ApiPath(path, tag, itemParams,
                        readReplacePatch(prefix, new Gvk("autoscaling", "v1", "Scale"), Scale.class)));
                case "binding" -> out.add(new ApiPath(path, tag, itemParams, List.of(
                        op("post", "create" + prefix, "post", new Gvk("", "v1", "Binding"), QueryParameter.WRITE, Optional.of(Binding.class),
                                true, Map.of("200", Binding.class, "201", Binding.class, "202", Binding.class)))));
                case "finalize" -> out.add(new ApiPath(path, tag, itemParams, List.of(
                        op("put", "replace" + prefix, "put", gvk, QueryParameter.WRITE, Optional.of(type), true,
                                Map.of("200", type, "201", type)))));
                default -> { }
            }
        }
        return out;
    }

    private static List<ApiOperation> readReplacePatch(String idSuffix, Gvk gvk, Class<?> type) {
        return List.of(
                op("get", "read" + idSuffix, "get", gvk, List.of(), Optional.empty(), false, Map.of("200", type)),
                op("put", "replace" + idSuffix, "put", gvk, QueryParameter.WRITE, Optional.of(type), true, Map.of("200", type, "201", type)),
                op("patch", "patch" + idSuffix, "patch", gvk, QueryParameter.PATCH, Optional.of(PatchBody.class), true,
                        Map.of("200", type, "201", type)));
    }

    private static ApiOperation op(String method, String id, String action, Gvk gvk, List<QueryParameter> query, Optional<Class<?>> body,
                                   boolean bodyRequired, Map<String, Class<?>> responses) {
        return new ApiOperation(method, id, action, gvk, query, body, bodyRequired, responses);
    }

    private static Class<?> listClass(Class<?> type) {
        try {
            return Class.forName(type.getName() + "List", false, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("fabric8 declares a list class beside every kind: " + type.getName(), e);
        }
    }

    /** core → Core, coordination.k8s.io → Coordination: upstream's operation ids name the group's first label. */
    static String groupCamel(String group) {
        return group.isEmpty() ? "Core" : capitalize(group.split("\\.")[0]);
    }

    static String groupTag(String group) {
        return group.isEmpty() ? "core" : group.split("\\.")[0];
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
