package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Upstream's ValidateVolumes for the sources this cluster mounts; other sources are refused as unsupported. */
final class VolumeValidation {
    static final String FILE_MODE_MSG = "must be a number between 0 and 0777 (octal), both inclusive";
    private static final List<String> HOST_PATH_TYPES = List.of("", "DirectoryOrCreate", "Directory", "FileOrCreate", "File",
            "Socket", "CharDevice", "BlockDevice");

    private VolumeValidation() {}

    /** Validates the volumes and returns the names of valid ones, which volume mounts may name. */
    static Set<String> validate(List<Volume> volumes, String path, List<FieldError> errs) {
        Set<String> names = new HashSet<>();
        if (volumes == null) return names;
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String idx = path + "[" + i + "]";
            int before = errs.size();
            source(v, idx, errs);
            String name = v.getName() == null ? "" : v.getName();
            if (name.isEmpty()) {
                errs.add(FieldError.required(idx + ".name", ""));
            } else {
                for (String msg : NameValidation.dns1123Label(name)) errs.add(FieldError.invalid(idx + ".name", name, msg));
            }
            if (names.contains(name)) errs.add(FieldError.duplicate(idx + ".name", name));
            if (errs.size() == before) names.add(name);
        }
        return names;
    }

    private static void source(Volume v, String path, List<FieldError> errs) {
        List<String> present = VolumeSources.present(v);
        if (present.isEmpty()) {
            errs.add(FieldError.required(path, "must specify a volume type"));
            return;
        }
        for (int i = 1; i < present.size(); i++) {
            errs.add(FieldError.forbidden(path + "." + present.get(i), "may not specify more than 1 volume type"));
        }
        String kind = present.getFirst();
        if (!VolumeSources.SUPPORTED.contains(kind)) {
            errs.add(FieldError.notSupported(path + "." + kind, kind, VolumeSources.SUPPORTED));
            return;
        }
        switch (kind) {
            case "hostPath" -> {
                String p = v.getHostPath().getPath() == null ? "" : v.getHostPath().getPath();
                if (p.isEmpty()) {
                    errs.add(FieldError.required(path + ".hostPath.path", ""));
                } else {
                    LocalPaths.noBacksteps(p, path + ".hostPath.path", errs);
                }
                String type = v.getHostPath().getType();
                if (type != null && !HOST_PATH_TYPES.contains(type)) {
                    errs.add(FieldError.notSupported(path + ".hostPath.type", type, HOST_PATH_TYPES));
                }
            }
            case "emptyDir" -> {
                String medium = v.getEmptyDir().getMedium();
                if (medium != null && !medium.isEmpty() && !medium.equals("Memory") && !medium.startsWith("HugePages")) {
                    errs.add(FieldError.notSupported(path + ".emptyDir.medium", medium, List.of("", "Memory", "HugePages")));
                }
                if (v.getEmptyDir().getSizeLimit() != null) {
                    ResourceRequirementsValidation.quantity("", v.getEmptyDir().getSizeLimit(), path + ".emptyDir.sizeLimit", errs);
                }
            }
            case "configMap" -> {
                String n = v.getConfigMap().getName();
                if (n == null || n.isEmpty()) errs.add(FieldError.required(path + ".configMap.name", ""));
                mode(v.getConfigMap().getDefaultMode(), path + ".configMap.defaultMode", errs);
                items(v.getConfigMap().getItems(), path + ".configMap.items", errs);
            }
            case "secret" -> {
                String n = v.getSecret().getSecretName();
                if (n == null || n.isEmpty()) errs.add(FieldError.required(path + ".secret.secretName", ""));
                mode(v.getSecret().getDefaultMode(), path + ".secret.defaultMode", errs);
                items(v.getSecret().getItems(), path + ".secret.items", errs);
            }
            case "downwardAPI" -> {
                mode(v.getDownwardAPI().getDefaultMode(), path + ".downwardAPI.defaultMode", errs);
                downwardItems(v.getDownwardAPI().getItems(), path + ".downwardAPI", errs);
            }
            case "projected" -> projected(v, path + ".projected", errs);
            default -> { }
        }
    }

    private static void projected(Volume v, String path, List<FieldError> errs) {
        mode(v.getProjected().getDefaultMode(), path + ".defaultMode", errs);
        List<VolumeProjection> sources = v.getProjected().getSources();
        if (sources == null) return;
        for (int i = 0; i < sources.size(); i++) {
            VolumeProjection s = sources.get(i);
            String idx = path + ".sources[" + i + "]";
            int n = 0;
            if (s.getSecret() != null) {
                n++;
                if (s.getSecret().getName() == null || s.getSecret().getName().isEmpty()) errs.add(FieldError.required(idx + ".secret.name", ""));
                items(s.getSecret().getItems(), idx + ".secret.items", errs);
            }
            if (s.getConfigMap() != null) {
                if (n++ > 0) errs.add(FieldError.forbidden(idx + ".configMap", "may not specify more than 1 volume type per source"));
                if (s.getConfigMap().getName() == null || s.getConfigMap().getName().isEmpty()) errs.add(FieldError.required(idx + ".configMap.name", ""));
                items(s.getConfigMap().getItems(), idx + ".configMap.items", errs);
            }
            if (s.getDownwardAPI() != null) {
                if (n++ > 0) errs.add(FieldError.forbidden(idx + ".downwardAPI", "may not specify more than 1 volume type per source"));
                downwardItems(s.getDownwardAPI().getItems(), idx + ".downwardAPI", errs);
            }
            if (s.getServiceAccountToken() != null) {
                if (n++ > 0) errs.add(FieldError.forbidden(idx + ".serviceAccountToken", "may not specify more than 1 volume type per source"));
                Long exp = s.getServiceAccountToken().getExpirationSeconds();
                if (exp != null && exp < 600) errs.add(FieldError.invalid(idx + ".serviceAccountToken.expirationSeconds", exp, "may not specify a duration less than 10 minutes"));
                if (s.getServiceAccountToken().getPath() == null || s.getServiceAccountToken().getPath().isEmpty()) {
                    errs.add(FieldError.required(idx + ".serviceAccountToken.path", ""));
                }
            }
            if (s.getClusterTrustBundle() != null) {
                if (n++ > 0) errs.add(FieldError.forbidden(idx + ".clusterTrustBundle", "may not specify more than 1 volume type per source"));
            }
            if (n == 0) errs.add(FieldError.required(idx, "must specify exactly 1 volume type"));
        }
    }

    private static void items(List<KeyToPath> items, String path, List<FieldError> errs) {
        if (items == null) return;
        for (int i = 0; i < items.size(); i++) {
            KeyToPath k = items.get(i);
            String idx = path + "[" + i + "]";
            if (k.getKey() == null || k.getKey().isEmpty()) errs.add(FieldError.required(idx + ".key", ""));
            if (k.getPath() == null || k.getPath().isEmpty()) {
                errs.add(FieldError.required(idx + ".path", ""));
            } else {
                LocalPaths.nonReserved(k.getPath(), idx + ".path", errs);
            }
            mode(k.getMode(), idx + ".mode", errs);
        }
    }

    private static void downwardItems(List<DownwardAPIVolumeFile> items, String path, List<FieldError> errs) {
        if (items == null) return;
        for (int i = 0; i < items.size(); i++) {
            DownwardAPIVolumeFile f = items.get(i);
            String idx = path + "[" + i + "]";
            if (f.getPath() == null || f.getPath().isEmpty()) {
                errs.add(FieldError.required(idx + ".path", ""));
            } else {
                LocalPaths.nonReserved(f.getPath(), idx + ".path", errs);
            }
            mode(f.getMode(), idx + ".mode", errs);
            if (f.getFieldRef() != null) {
                FieldPaths.validate(f.getFieldRef(), FieldPaths.VOLUME_EXPRESSIONS, idx + ".fieldRef", errs);
                if (f.getResourceFieldRef() != null) {
                    errs.add(FieldError.invalid(idx, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
                }
            } else if (f.getResourceFieldRef() != null) {
                FieldPaths.validateResource(f.getResourceFieldRef(), true, idx + ".resourceFieldRef", errs);
            } else {
                errs.add(FieldError.required(idx, "one of fieldRef and resourceFieldRef is required"));
            }
        }
    }

    private static void mode(Integer mode, String path, List<FieldError> errs) {
        if (mode != null && (mode < 0 || mode > 0777)) errs.add(FieldError.invalid(path, mode, FILE_MODE_MSG));
    }
}
