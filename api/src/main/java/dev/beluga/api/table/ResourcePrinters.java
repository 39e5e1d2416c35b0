package dev.beluga.api.table;

import static dev.beluga.api.table.ObjectFields.number;
import static dev.beluga.api.table.ObjectFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.resources.ResourceType;
import dev.beluga.api.selection.LabelSelector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The printer of each resource, with upstream's columns (pkg/printers/internalversion). */
final class ResourcePrinters {
    private static final String CONTAINERS_DOC = "Names of each container in the template.";
    private static final String IMAGES_DOC = "Images referenced by each container in the template.";
    private static final String SELECTOR_DOC = "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones "
            + "affected by this deployment. It must match the pod template's labels.";

    private static final Map<String, ResourcePrinter> BY_RESOURCE = Map.ofEntries(
            Map.entry("pods", new PodPrinter()),
            Map.entry("nodes", nodes()),
            Map.entry("namespaces", namespaces()),
            Map.entry("events", new EventPrinter(false)),
            Map.entry("events.events.k8s.io", new EventPrinter(true)),
            Map.entry("configmaps", configMaps()),
            Map.entry("secrets", secrets()),
            Map.entry("serviceaccounts", serviceAccounts()),
            Map.entry("deployments.apps", deployments()),
            Map.entry("replicasets.apps", replicaSets()),
            Map.entry("statefulsets.apps", statefulSets()),
            Map.entry("controllerrevisions.apps", controllerRevisions()),
            Map.entry("leases.coordination.k8s.io", leases()));

    private static final ResourcePrinter DEFAULT = new SimplePrinter(
            List.of(Column.nameColumn(), new Column("Created At", "date", "", Column.CREATION_DOC, 0)),
            (o, now) -> List.of(ObjectFields.name(o), text(o, "metadata", "creationTimestamp")));

    private ResourcePrinters() {}

    /**
     * The printer for a resource; resources without one get upstream's default table convertor
     * (Name and a "Created At" date column, which kubectl prints as the timestamp).
     */
    static ResourcePrinter of(ResourceType type) {
        return BY_RESOURCE.getOrDefault(type.qualifiedResource(), DEFAULT);
    }

    private static List<Object> cells(Object... values) {
        return List.of(values);
    }

    private static String age(JsonNode o, Instant now) {
        return HumanDuration.since(ObjectFields.creation(o), now);
    }

    private static ResourcePrinter nodes() {
        List<Column> columns = List.of(Column.nameColumn(),
                Column.string("Status", "The status of the node"),
                Column.string("Roles", "The roles of the node"),
                Column.ageColumn(),
                Column.string("Version", "Kubelet Version reported by the node."),
                Column.wide("Internal-IP", "List of addresses reachable to the node. Queried from cloud provider, if available."),
                Column.wide("External-IP", "List of addresses reachable to the node. Queried from cloud provider, if available."),
                Column.wide("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
                Column.wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
                Column.wide("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."));
        return new SimplePrinter(columns, (n, now) -> {
            JsonNode info = n.path("status").path("nodeInfo");
            return cells(ObjectFields.name(n), nodeStatus(n), nodeRoles(n), age(n, now), text(info, "kubeletVersion"),
                    nodeAddress(n, "InternalIP"), nodeAddress(n, "ExternalIP"),
                    orUnknown(text(info, "osImage")), orUnknown(text(info, "kernelVersion")), orUnknown(text(info, "containerRuntimeVersion")));
        });
    }

    /** Ready, NotReady (condition False or Unknown), Unknown (no Ready condition); then SchedulingDisabled when cordoned. */
    static String nodeStatus(JsonNode node) {
        List<String> status = new ArrayList<>();
        for (JsonNode c : node.path("status").path("conditions")) {
            if (text(c, "type").equals("Ready")) {
                status.clear();
                status.add(text(c, "status").equals("True") ? "Ready" : "NotReady");
            }
        }
        if (status.isEmpty()) status.add("Unknown");
        if (node.path("spec").path("unschedulable").asBoolean(false)) status.add("SchedulingDisabled");
        return String.join(",", status);
    }

    /** Roles from {@code node-role.kubernetes.io/<role>} keys and the legacy {@code kubernetes.io/role} value, sorted. */
    static String nodeRoles(JsonNode node) {
        TreeSet<String> roles = new TreeSet<>();
        node.path("metadata").path("labels").fields().forEachRemaining(e -> {
            String key = e.getKey();
            if (key.startsWith("node-role.kubernetes.io/")) {
                String role = key.substring("node-role.kubernetes.io/".length());
                if (!role.isEmpty()) roles.add(role);
            } else if (key.equals("kubernetes.io/role") && !e.getValue().asText().isEmpty()) {
                roles.add(e.getValue().asText());
            }
        });
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String nodeAddress(JsonNode node, String type) {
        for (JsonNode a : node.path("status").path("addresses")) {
            if (text(a, "type").equals(type)) return text(a, "address");
        }
        return "<none>";
    }

    private static String orUnknown(String s) {
        return s.isEmpty() ? "<unknown>" : s;
    }

    private static ResourcePrinter namespaces() {
        return new SimplePrinter(List.of(Column.nameColumn(), Column.string("Status", "The status of the namespace"), Column.ageColumn()),
                (o, now) -> cells(ObjectFields.name(o), text(o, "status", "phase"), age(o, now)));
    }

    private static ResourcePrinter configMaps() {
        return new SimplePrinter(List.of(Column.nameColumn(), Column.integer("Data", "Data contains the configuration data. Each key must consist of "
                        + "alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys "
                        + "stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."),
                Column.ageColumn()),
                (o, now) -> cells(ObjectFields.name(o), (long) (o.path("data").size() + o.path("binaryData").size()), age(o, now)));
    }

    private static ResourcePrinter secrets() {
        return new SimplePrinter(List.of(Column.nameColumn(),
                Column.string("Type", "Used to facilitate programmatic handling of secret data. More info: "
                        + "https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
                Column.integer("Data", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The "
                        + "serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data "
                        + "value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
                Column.ageColumn()),
                (o, now) -> cells(ObjectFields.name(o), text(o, "type"), (long) o.path("data").size(), age(o, now)));
    }

    private static ResourcePrinter serviceAccounts() {
        return new SimplePrinter(List.of(Column.nameColumn(), Column.integer("Secrets", "Secrets is a list of the secrets in the same namespace that "
                        + "pods running using this ServiceAccount are allowed to use."), Column.ageColumn()),
                (o, now) -> cells(ObjectFields.name(o), (long) o.path("secrets").size(), age(o, now)));
    }

    private static ResourcePrinter leases() {
        return new SimplePrinter(List.of(Column.nameColumn(), Column.string("Holder", "holderIdentity contains the identity of the holder of a current "
                        + "lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name "
                        + "field."), Column.ageColumn()),
                (o, now) -> cells(ObjectFields.name(o), text(o, "spec", "holderIdentity"), age(o, now)));
    }

    private static ResourcePrinter controllerRevisions() {
        return new SimplePrinter(List.of(Column.nameColumn(), Column.string("Controller", "Controller of the object"),
                Column.string("Revision", "Revision indicates the revision of the state represented by Data."), Column.ageColumn()),
                (o, now) -> cells(ObjectFields.name(o), controllerOf(o), number(o, "revision"), age(o, now)));
    }

    /** The controller owner as {@code kind.group/name} in lower case (statefulset.apps/web), or {@code <none>}. */
    private static String controllerOf(JsonNode o) {
        for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
            if (!ref.path("controller").asBoolean(false)) continue;
            String apiVersion = text(ref, "apiVersion");
            int slash = apiVersion.indexOf('/');
            String group = slash < 0 ? "" : apiVersion.substring(0, slash);
            String kind = text(ref, "kind");
            String groupKind = group.isEmpty() ? kind : kind + "." + group;
            return groupKind.isEmpty() ? text(ref, "name") : groupKind.toLowerCase(Locale.ROOT) + "/" + text(ref, "name");
        }
        return "<none>";
    }

    private static ResourcePrinter deployments() {
        List<Column> columns = List.of(Column.nameColumn(),
                Column.string("Ready", "Number of the pod with ready state"),
                Column.string("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
                Column.string("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
                Column.ageColumn(),
                Column.wide("Containers", CONTAINERS_DOC), Column.wide("Images", IMAGES_DOC), Column.wide("Selector", SELECTOR_DOC));
        return new SimplePrinter(columns, (o, now) -> cells(ObjectFields.name(o),
                number(o, "status", "readyReplicas") + "/" + number(o, "spec", "replicas"),
                number(o, "status", "updatedReplicas"), number(o, "status", "availableReplicas"), age(o, now),
                containerNames(o), containerImages(o), selector(o)));
    }

    private static ResourcePrinter replicaSets() {
        List<Column> columns = List.of(Column.nameColumn(),
                Column.integer("Desired", "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and "
                        + "unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset"),
                Column.integer("Current", "Replicas is the most recently observed number of non-terminating pods. More info: "
                        + "https://kubernetes.io/docs/concepts/workloads/controllers/replicaset"),
                Column.integer("Ready", "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition."),
                Column.ageColumn(),
                Column.wide("Containers", CONTAINERS_DOC), Column.wide("Images", IMAGES_DOC),
                Column.wide("Selector", "Selector is a label query over pods that should match the replica count. Label keys and values that must "
                        + "match in order to be controlled by this replica set. It must match the pod template's labels. More info: "
                        + "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"));
        return new SimplePrinter(columns, (o, now) -> cells(ObjectFields.name(o), number(o, "spec", "replicas"),
                number(o, "status", "replicas"), number(o, "status", "readyReplicas"), age(o, now),
                containerNames(o), containerImages(o), selector(o)));
    }

    private static ResourcePrinter statefulSets() {
        List<Column> columns = List.of(Column.nameColumn(), Column.string("Ready", "Number of the pod with ready state"), Column.ageColumn(),
                Column.wide("Containers", CONTAINERS_DOC), Column.wide("Images", IMAGES_DOC));
        return new SimplePrinter(columns, (o, now) -> cells(ObjectFields.name(o),
                number(o, "status", "readyReplicas") + "/" + number(o, "spec", "replicas"), age(o, now),
                containerNames(o), containerImages(o)));
    }

    private static String containerNames(JsonNode o) {
        return joined(o, "name");
    }

    private static String containerImages(JsonNode o) {
        return joined(o, "image");
    }

    private static String joined(JsonNode workload, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) values.add(text(c, field));
        return String.join(",", values);
    }

    /** Upstream's FormatLabelSelector: canonical selector text, {@code <none>} for an empty one, {@code <error>} for a bad one. */
    private static String selector(JsonNode o) {
        try {
            String s = LabelSelector.fromTree(o.path("spec").get("selector")).toString();
            return s.isEmpty() ? "<none>" : s;
        } catch (RuntimeException e) {
            return "<error>";
        }
    }
}
