package dev.beluga.kubelet.staticpod;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.admission.Defaulting;
import dev.beluga.api.admission.Validation;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.FieldError;
import dev.beluga.api.resources.ResourceRegistry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Toleration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A manifest file's pods as the kubelet runs them (upstream's file source and its applyDefaults):
 * named {@code <name>-<node>}, in "default" unless the file says otherwise, bound to this node,
 * with a uid that hashes the pod, the node and the file (so an edit makes a new pod), the
 * config.hash (= uid) and config.source annotations, a toleration of every NoExecute taint, phase
 * Pending, the API server's defaults, and validated as a create would be. Pure: no I/O.
 */
public final class ManifestParser {
    private ManifestParser() {}

    /** @param source the file's path, part of the uid as upstream's "file:<path>" */
    public static ManifestReading read(String source, byte[] content, String nodeName) {
        List<JsonNode> items;
        try {
            JsonNode tree = Json.YAML.readTree(content);
            if (tree == null || !tree.isObject()) return new ManifestReading.Unreadable(source, "the file holds no object");
            items = podNodes(tree);
        } catch (IOException e) {
            return new ManifestReading.Unreadable(source, "the file is neither YAML nor JSON: " + firstLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            return new ManifestReading.Unreadable(source, e.getMessage());
        }
        List<Pod> accepted = new ArrayList<>();
        List<ManifestReading.Rejected> rejected = new ArrayList<>();
        for (JsonNode item : items) {
            Pod pod;
            try {
                pod = Json.MAPPER.treeToValue(item, Pod.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                return new ManifestReading.Unreadable(source, "the pod cannot be decoded: " + firstLine(e.getMessage()));
            }
            applyDefaults(pod, source, nodeName);
            List<FieldError> errors = Validation.validateCreate(ResourceRegistry.PODS, pod);
            if (errors.isEmpty()) {
                accepted.add(pod);
            } else {
                rejected.add(new ManifestReading.Rejected(pod, "Error validating pod " + describe(pod) + " from file, ignoring: " + aggregate(errors)));
            }
        }
        return new ManifestReading.Pods(source, accepted, rejected);
    }

    private static List<JsonNode> podNodes(JsonNode tree) {
        String kind = tree.path("kind").asText("");
        String apiVersion = tree.path("apiVersion").asText("");
        if (!apiVersion.equals("v1")) throw new IllegalArgumentException("apiVersion must be v1, not \"" + apiVersion + "\"");
        List<JsonNode> out = new ArrayList<>();
        switch (kind) {
            case "Pod" -> out.add(tree);
            case "PodList", "List" -> {
                for (JsonNode item : tree.path("items")) {
                    String itemKind = item.path("kind").asText("Pod");
                    if (!itemKind.equals("Pod")) throw new IllegalArgumentException("a " + kind + " of static pods holds only Pods, not a " + itemKind);
                    out.add(item);
                }
            }
            default -> throw new IllegalArgumentException("a static pod manifest holds a Pod, a PodList or a List of Pods, not \"" + kind + "\"");
        }
        return out;
    }

    /** Upstream's applyDefaults of the file source, then the API server's defaulting. */
    static void applyDefaults(Pod pod, String source, String nodeName) {
        if (pod.getMetadata() == null) pod.setMetadata(new ObjectMeta());
        ObjectMeta meta = pod.getMetadata();
        if (meta.getUid() == null || meta.getUid().isEmpty()) meta.setUid(uid(pod, source, nodeName));
        meta.setName((meta.getName() == null ? "" : meta.getName()) + "-" + nodeName.toLowerCase(Locale.ROOT));
        if (meta.getNamespace() == null || meta.getNamespace().isEmpty()) meta.setNamespace("default");
        if (pod.getSpec() != null) {
            pod.getSpec().setNodeName(nodeName);
            List<Toleration> tolerations = new ArrayList<>(pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations());
            Toleration all = new Toleration();
            all.setOperator("Exists");
            all.setEffect("NoExecute");
            tolerations.add(all);
            pod.getSpec().setTolerations(tolerations);
        }
        Map<String, String> annotations = new LinkedHashMap<>(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
        annotations.put(StaticPods.CONFIG_HASH, meta.getUid());
        annotations.put(StaticPods.CONFIG_SOURCE, StaticPods.FILE_SOURCE);
        meta.setAnnotations(annotations);
        PodStatus status = new PodStatus();
        status.setPhase("Pending");
        pod.setStatus(status);
        Defaulting.apply(pod);
    }

    /** md5 of the pod as written, then "host:<node>" and "file:<path>", as upstream's file source. */
    static String uid(Pod pod, String source, String nodeName) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(Json.MAPPER.writeValueAsBytes(pod));
            md5.update(("host:" + nodeName).getBytes(StandardCharsets.UTF_8));
            md5.update(("file:" + source).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot hash a static pod", e);
        }
    }

    /** Upstream's format.Pod: name_namespace(uid). */
    static String describe(Pod pod) {
        return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")";
    }

    /** Upstream's aggregate error text: the one error, or [e1, e2]. */
    private static String aggregate(List<FieldError> errors) {
        if (errors.size() == 1) return errors.getFirst().toString();
        List<String> parts = new ArrayList<>();
        for (FieldError e : errors) parts.add(e.toString());
        return "[" + String.join(", ", parts) + "]";
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
