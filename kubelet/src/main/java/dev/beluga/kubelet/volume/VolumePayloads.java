package dev.beluga.kubelet.volume;

import dev.beluga.kubelet.pod.ReferencedObjects;
import dev.beluga.kubelet.pod.ResourceFieldValues;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of configMap, secret, downwardAPI and projected volumes (upstream's MakePayload and
 * CollectData), keyed by their path inside the volume. Pure; errors carry upstream's messages.
 */
public final class VolumePayloads {
    /** The API's default for defaultMode. */
    public static final int DEFAULT_MODE = 0644;
    private static final Pattern METADATA_KEY = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

    private VolumePayloads() {}

    /** A configMap volume (or projection); a missing optional configMap gives an empty volume. */
    public static Map<String, FileProjection> configMap(String name, List<KeyToPath> items, Integer defaultMode, boolean optional, ReferencedObjects objects) {
        Optional<ConfigMap> cm = objects.configMap(name);
        if (cm.isEmpty() && !optional) throw new VolumeException(ReferencedObjects.configMapNotFound(name));
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (cm.isPresent()) {
            if (cm.get().getData() != null) cm.get().getData().forEach((k, v) -> data.put(k, (v == null ? "" : v).getBytes(StandardCharsets.UTF_8)));
            if (cm.get().getBinaryData() != null) {
                cm.get().getBinaryData().forEach((k, v) -> data.putIfAbsent(k, Base64.getDecoder().decode(v == null ? "" : v.trim())));
            }
        }
        return payload(data, items, defaultMode, optional, "configmap references non-existent config key: ");
    }

    /** A secret volume (or projection); a missing optional secret gives an empty volume. */
    public static Map<String, FileProjection> secret(String name, List<KeyToPath> items, Integer defaultMode, boolean optional, ReferencedObjects objects) {
        Optional<Secret> s = objects.secret(name);
        if (s.isEmpty() && !optional) throw new VolumeException(ReferencedObjects.secretNotFound(name));
        Map<String, byte[]> data = s.map(ReferencedObjects::secretData).orElse(Map.of());
        return payload(data, items, defaultMode, optional, "references non-existent secret key: ");
    }

    private static Map<String, FileProjection> payload(Map<String, byte[]> data, List<KeyToPath> items, Integer defaultMode, boolean optional,
                                                       String missingKey) {
        int mode = defaultMode == null ? DEFAULT_MODE : defaultMode;
        Map<String, FileProjection> out = new TreeMap<>();
        if (items == null || items.isEmpty()) {
            data.forEach((k, v) -> out.put(k, new FileProjection(v, mode)));
            return out;
        }
        for (KeyToPath item : items) {
            byte[] v = data.get(item.getKey());
            if (v == null) {
                if (optional) continue;
                throw new VolumeException(missingKey + item.getKey());
            }
            out.put(item.getPath(), new FileProjection(v, item.getMode() == null ? mode : item.getMode()));
        }
        return out;
    }

    /** A downwardAPI volume (or projection): every item is evaluated, the errors reported together. */
    public static Map<String, FileProjection> downwardApi(Pod pod, List<DownwardAPIVolumeFile> items, Integer defaultMode, Map<String, Quantity> allocatable) {
        int mode = defaultMode == null ? DEFAULT_MODE : defaultMode;
        Map<String, FileProjection> out = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (DownwardAPIVolumeFile item : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
            int m = item.getMode() == null ? mode : item.getMode();
            String value = "";
            try {
                if (item.getFieldRef() != null) value = field(pod, item.getFieldRef().getFieldPath());
                else if (item.getResourceFieldRef() != null) value = ResourceFieldValues.value(item.getResourceFieldRef(), pod, "", allocatable);
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
            out.put(clean(item.getPath()), new FileProjection(value.getBytes(StandardCharsets.UTF_8), m));
        }
        if (!errors.isEmpty()) throw new VolumeException(aggregate(errors));
        return out;
    }

    /**
     * A projected volume: its sources' files together, each source's errors collected and reported
     * as one (upstream's NewAggregate).
     */
    public static Map<String, FileProjection> projected(Pod pod, List<VolumeProjection> sources, Integer defaultMode, ReferencedObjects objects,
                                                        Map<String, Quantity> allocatable) {
        int mode = defaultMode == null ? DEFAULT_MODE : defaultMode;
        Map<String, FileProjection> out = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (VolumeProjection s : sources == null ? List.<VolumeProjection>of() : sources) {
            try {
                if (s.getConfigMap() != null) {
                    out.putAll(configMap(s.getConfigMap().getName(), s.getConfigMap().getItems(), mode, Boolean.TRUE.equals(s.getConfigMap().getOptional()), objects));
                } else if (s.getSecret() != null) {
                    out.putAll(secret(s.getSecret().getName(), s.getSecret().getItems(), mode, Boolean.TRUE.equals(s.getSecret().getOptional()), objects));
                } else if (s.getDownwardAPI() != null) {
                    out.putAll(downwardApi(pod, s.getDownwardAPI().getItems(), mode, allocatable));
                } else if (s.getServiceAccountToken() != null) {
                    errors.add("serviceAccountToken projections need the TokenRequest API, which this cluster does not serve");
                } else {
                    errors.add("this kubelet projects only configMap, secret and downwardAPI sources");
                }
            } catch (VolumeException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) throw new VolumeException(aggregate(errors));
        return out;
    }

    /**
     * Upstream's ExtractFieldPathAsString for volumes: metadata fields, whole label and annotation
     * maps as sorted key="value" lines (values quoted as Go's %q does).
     */
    static String field(Pod pod, String path) {
        var meta = pod.getMetadata();
        switch (path) {
            case "metadata.name": return meta.getName();
            case "metadata.namespace": return meta.getNamespace();
            case "metadata.uid": return meta.getUid();
            case "metadata.labels": return formatMap(meta.getLabels());
            case "metadata.annotations": return formatMap(meta.getAnnotations());
            default: break;
        }
        Matcher m = METADATA_KEY.matcher(path);
        if (m.matches()) {
            Map<String, String> map = "labels".equals(m.group(1)) ? meta.getLabels() : meta.getAnnotations();
            return map == null ? "" : map.getOrDefault(m.group(2), "");
        }
        throw new IllegalArgumentException("unsupported fieldPath: " + path);
    }

    static String formatMap(Map<String, String> map) {
        if (map == null) return "";
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(map).forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "\n").append(k).append('=').append(goQuote(v)));
        return sb.toString();
    }

    /** Go's strconv.Quote for the characters labels and annotations hold. */
    static String goQuote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case 11 -> sb.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) sb.append(String.format("\\x%02x", cp));
                    else sb.appendCodePoint(cp);
                }
            }
        });
        return sb.append('"').toString();
    }

    /** Go's filepath.Clean for the relative paths of downwardAPI items. */
    static String clean(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..") && !parts.isEmpty() && !parts.getLast().equals("..")) parts.removeLast();
            else parts.add(p);
        }
        return parts.isEmpty() ? "." : String.join("/", parts);
    }

    private static String aggregate(List<String> errors) {
        return errors.size() == 1 ? errors.getFirst() : "[" + String.join(", ", errors) + "]";
    }
}
