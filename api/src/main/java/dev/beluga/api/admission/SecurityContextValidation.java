package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import java.util.List;

/** Pod- and container-level securityContext rules shared by both (ids and seccomp). */
final class SecurityContextValidation {
    static final List<String> SECCOMP_TYPES = List.of("Localhost", "RuntimeDefault", "Unconfined");

    private SecurityContextValidation() {}

    static void pod(PodSecurityContext sc, String path, List<FieldError> errs) {
        if (sc == null) return;
        id(sc.getRunAsUser(), path + ".runAsUser", errs);
        id(sc.getRunAsGroup(), path + ".runAsGroup", errs);
        id(sc.getFsGroup(), path + ".fsGroup", errs);
        List<Long> groups = sc.getSupplementalGroups();
        if (groups != null) {
            for (int i = 0; i < groups.size(); i++) id(groups.get(i), path + ".supplementalGroups[" + i + "]", errs);
        }
        seccomp(sc.getSeccompProfile(), path + ".seccompProfile", errs);
        if (sc.getFsGroupChangePolicy() != null && !List.of("OnRootMismatch", "Always").contains(sc.getFsGroupChangePolicy())) {
            errs.add(FieldError.notSupported(path + ".fsGroupChangePolicy", sc.getFsGroupChangePolicy(), List.of("Always", "OnRootMismatch")));
        }
    }

    /** IsValidUserID / IsValidGroupID. */
    static void id(Long id, String path, List<FieldError> errs) {
        if (id != null && (id < 0 || id > Integer.MAX_VALUE)) {
            errs.add(FieldError.invalid(path, id, "must be between 0 and 2147483647, inclusive"));
        }
    }

    static void seccomp(SeccompProfile p, String path, List<FieldError> errs) {
        if (p == null) return;
        String type = p.getType() == null ? "" : p.getType();
        if (type.isEmpty()) {
            errs.add(FieldError.required(path + ".type", "type is required when seccompProfile is set"));
        } else if (!SECCOMP_TYPES.contains(type)) {
            errs.add(FieldError.notSupported(path + ".type", type, SECCOMP_TYPES));
        }
        if (type.equals("Localhost")) {
            if (p.getLocalhostProfile() == null) {
                errs.add(FieldError.required(path + ".localhostProfile", "must be set when seccomp type is Localhost"));
            } else {
                LocalPaths.descending(p.getLocalhostProfile(), path + ".localhostProfile", errs);
            }
        } else if (p.getLocalhostProfile() != null) {
            errs.add(FieldError.invalid(path + ".localhostProfile", p.getLocalhostProfile(), "can only be set when seccomp type is Localhost"));
        }
    }
}
