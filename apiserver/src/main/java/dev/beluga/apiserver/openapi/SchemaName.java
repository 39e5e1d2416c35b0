package dev.beluga.apiserver.openapi;

import java.util.Map;
import java.util.Set;

/**
 * Upstream's OpenAPI definition name of a fabric8 model class, e.g. {@code io.k8s.api.core.v1.Pod}.
 * fabric8 keeps core/v1 and meta/v1 types in one Java package, so the meta/v1 ones are listed by name.
 */
final class SchemaName {
    static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    static final String TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
    static final String MICRO_TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
    static final String FIELDS_V1 = "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1";
    static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";
    static final String PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    static final String STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
    static final String DELETE_OPTIONS = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";

    private static final String FABRIC8 = "io.fabric8.kubernetes.api.model.";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    private static final Set<String> META_TYPES = Set.of("APIGroup", "APIGroupList", "APIResource", "APIResourceList",
            "APIVersions", "Condition", "CreateOptions", "DeleteOptions", "FieldSelectorRequirement", "FieldsV1", "GetOptions",
            "GroupVersionForDiscovery", "LabelSelector", "LabelSelectorRequirement", "ListMeta", "ListOptions",
            "ManagedFieldsEntry", "MicroTime", "ObjectMeta", "OwnerReference", "PatchOptions", "Preconditions", "RootPaths",
            "ServerAddressByClientCIDR", "Status", "StatusCause", "StatusDetails", "TypeMeta", "UpdateOptions", "WatchEvent");

    private static final Map<String, String> SPECIAL = Map.of(
            "Quantity", QUANTITY,
            "IntOrString", INT_OR_STRING,
            "MicroTime", MICRO_TIME,
            "FieldsV1", FIELDS_V1,
            "RawExtension", RAW_EXTENSION);

    /** fabric8 sub-package → upstream package (apps has no version segment in fabric8). */
    private static final Map<String, String> PACKAGES = Map.of(
            "apps", "io.k8s.api.apps.v1",
            "coordination.v1", "io.k8s.api.coordination.v1",
            "events.v1", "io.k8s.api.events.v1",
            "autoscaling.v1", "io.k8s.api.autoscaling.v1",
            "policy.v1", "io.k8s.api.policy.v1");

    private SchemaName() {}

    static String of(Class<?> type) {
        if (type == PatchBody.class) return PATCH;
        String simple = type.getSimpleName();
        String pkg = type.getPackageName() + ".";
        if (pkg.startsWith(FABRIC8) && SPECIAL.containsKey(simple)) return SPECIAL.get(simple);
        if (pkg.equals(FABRIC8)) {
            return META_TYPES.contains(simple) ? META + simple : "io.k8s.api.core.v1." + simple;
        }
        if (pkg.startsWith(FABRIC8)) {
            String sub = pkg.substring(FABRIC8.length(), pkg.length() - 1);
            String upstream = PACKAGES.get(sub);
            if (upstream != null) return upstream + "." + simple;
            return "io.k8s.api." + sub + "." + simple;
        }
        throw new IllegalArgumentException("not a Kubernetes model class: " + type.getName());
    }
}
