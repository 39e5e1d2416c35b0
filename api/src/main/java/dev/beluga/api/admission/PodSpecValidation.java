package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Upstream's ValidatePodSpec: rules shared by pods and workload templates. */
final class PodSpecValidation {
    static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
    static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private PodSpecValidation() {}

    static void validate(PodSpec spec, String path, List<FieldError> errs) {
        if (spec == null) {
            errs.add(FieldError.required(path + ".containers", ""));
            return;
        }
        Set<String> volumeNames = VolumeValidation.validate(spec.getVolumes(), path + ".volumes", errs);
        boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
        Set<String> containerNames = new HashSet<>();
        List<Container> containers = PodSpecDefaults.list(spec.getContainers());
        if (containers.isEmpty()) errs.add(FieldError.required(path + ".containers", ""));
        for (int i = 0; i < containers.size(); i++) {
            ContainerValidation.validate(containers.get(i), ContainerValidation.Kind.REGULAR, path + ".containers[" + i + "]",
                    volumeNames, containerNames, hostNetwork, errs);
        }
        List<Container> init = PodSpecDefaults.list(spec.getInitContainers());
        for (int i = 0; i < init.size(); i++) {
            ContainerValidation.validate(init.get(i), ContainerValidation.Kind.INIT, path + ".initContainers[" + i + "]",
                    volumeNames, containerNames, hostNetwork, errs);
        }
        List<EphemeralContainer> ephemeral = PodSpecDefaults.list(spec.getEphemeralContainers());
        for (int i = 0; i < ephemeral.size(); i++) {
            ContainerValidation.validate(asContainer(ephemeral.get(i)), ContainerValidation.Kind.EPHEMERAL,
                    path + ".ephemeralContainers[" + i + "]", volumeNames, containerNames, hostNetwork, errs);
        }

        String restart = spec.getRestartPolicy();
        if (restart == null || restart.isEmpty()) {
            errs.add(FieldError.required(path + ".restartPolicy", ""));
        } else if (!RESTART_POLICIES.contains(restart)) {
            errs.add(FieldError.notSupported(path + ".restartPolicy", restart, RESTART_POLICIES));
        }
        String dns = spec.getDnsPolicy();
        if (dns == null || dns.isEmpty()) {
            errs.add(FieldError.required(path + ".dnsPolicy", ""));
        } else if (!DNS_POLICIES.contains(dns)) {
            errs.add(FieldError.notSupported(path + ".dnsPolicy", dns, DNS_POLICIES));
        } else if (dns.equals("None") && spec.getDnsConfig() == null) {
            errs.add(FieldError.required(path + ".dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None"));
        }
        ObjectMetaValidation.validateLabels(spec.getNodeSelector(), path + ".nodeSelector", errs);
        subdomainName(spec.getServiceAccountName(), path + ".serviceAccountName", errs);
        subdomainName(spec.getNodeName(), path + ".nodeName", errs);
        subdomainName(spec.getPriorityClassName(), path + ".priorityClassName", errs);
        if (spec.getTerminationGracePeriodSeconds() != null && spec.getTerminationGracePeriodSeconds() < 0) {
            errs.add(FieldError.invalid(path + ".terminationGracePeriodSeconds", spec.getTerminationGracePeriodSeconds(), "must be greater than or equal to 0"));
        }
        if (spec.getActiveDeadlineSeconds() != null) {
            long v = spec.getActiveDeadlineSeconds();
            if (v < 1 || v > Integer.MAX_VALUE) {
                errs.add(FieldError.invalid(path + ".activeDeadlineSeconds", v, "must be between 1 and 2147483647, inclusive"));
            }
        }
        labelName(spec.getHostname(), path + ".hostname", errs);
        labelName(spec.getSubdomain(), path + ".subdomain", errs);
        tolerations(spec.getTolerations(), path + ".tolerations", errs);
        SecurityContextValidation.pod(spec.getSecurityContext(), path + ".securityContext", errs);
        schedulingGates(spec.getSchedulingGates(), path + ".schedulingGates", errs);
        if (spec.getPreemptionPolicy() != null && !List.of("PreemptLowerPriority", "Never").contains(spec.getPreemptionPolicy())) {
            errs.add(FieldError.notSupported(path + ".preemptionPolicy", spec.getPreemptionPolicy(), List.of("Never", "PreemptLowerPriority")));
        }
    }

    private static void subdomainName(String name, String path, List<FieldError> errs) {
        if (name == null || name.isEmpty()) return;
        for (String msg : NameValidation.dns1123Subdomain(name)) errs.add(FieldError.invalid(path, name, msg));
    }

    private static void labelName(String name, String path, List<FieldError> errs) {
        if (name == null || name.isEmpty()) return;
        for (String msg : NameValidation.dns1123Label(name)) errs.add(FieldError.invalid(path, name, msg));
    }

    static void tolerations(List<Toleration> tolerations, String path, List<FieldError> errs) {
        if (tolerations == null) return;
        for (int i = 0; i < tolerations.size(); i++) {
            Toleration t = tolerations.get(i);
            String idx = path + "[" + i + "]";
            String key = t.getKey() == null ? "" : t.getKey();
            String operator = t.getOperator() == null ? "" : t.getOperator();
            String effect = t.getEffect() == null ? "" : t.getEffect();
            String value = t.getValue() == null ? "" : t.getValue();
            if (!key.isEmpty()) {
                for (String msg : NameValidation.qualifiedName(key)) errs.add(FieldError.invalid(idx + ".key", key, msg));
            }
            if (key.isEmpty() && !operator.equals("Exists")) {
                errs.add(FieldError.invalid(idx + ".operator", operator,
                        "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }
            if (t.getTolerationSeconds() != null && !effect.equals("NoExecute")) {
                errs.add(FieldError.invalid(idx + ".effect", effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }
            switch (operator) {
                case "Equal", "" -> {
                    List<String> msgs = NameValidation.labelValue(value);
                    if (!msgs.isEmpty()) errs.add(FieldError.invalid(idx + ".operator", value, String.join(";", msgs)));
                }
                case "Exists" -> {
                    if (!value.isEmpty()) errs.add(FieldError.invalid(idx + ".operator", value, "value must be empty when `operator` is 'Exists'"));
                }
                default -> errs.add(FieldError.notSupported(idx + ".operator", operator, List.of("Equal", "Exists")));
            }
            if (!effect.isEmpty() && !TAINT_EFFECTS.contains(effect)) {
                errs.add(FieldError.notSupported(idx + ".effect", effect, TAINT_EFFECTS));
            }
        }
    }

    static void taints(List<Taint> taints, String path, List<FieldError> errs) {
        if (taints == null) return;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < taints.size(); i++) {
            Taint t = taints.get(i);
            String idx = path + "[" + i + "]";
            String key = t.getKey() == null ? "" : t.getKey();
            String value = t.getValue() == null ? "" : t.getValue();
            String effect = t.getEffect() == null ? "" : t.getEffect();
            for (String msg : NameValidation.qualifiedName(key)) errs.add(FieldError.invalid(idx + ".key", key, msg));
            List<String> msgs = NameValidation.labelValue(value);
            if (!msgs.isEmpty()) errs.add(FieldError.invalid(idx + ".value", value, String.join(";", msgs)));
            if (effect.isEmpty()) {
                errs.add(FieldError.required(idx + ".effect", ""));
            } else if (!TAINT_EFFECTS.contains(effect)) {
                errs.add(FieldError.notSupported(idx + ".effect", effect, TAINT_EFFECTS));
            }
            if (!seen.add(effect + "\u0000" + key)) {
                errs.add(new FieldError(FieldError.Type.DUPLICATE, idx, GoValue.of("{" + key + " " + value + " " + effect + "}").text(),
                        "taints must be unique by key and effect pair"));
            }
        }
    }

    private static void schedulingGates(List<PodSchedulingGate> gates, String path, List<FieldError> errs) {
        if (gates == null) return;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < gates.size(); i++) {
            String name = gates.get(i).getName() == null ? "" : gates.get(i).getName();
            String idx = path + "[" + i + "]";
            for (String msg : NameValidation.qualifiedName(name)) errs.add(FieldError.invalid(idx, name, msg));
            if (!seen.add(name)) errs.add(FieldError.duplicate(idx, name));
        }
    }

    /** Ephemeral containers share the container rules; fabric8 gives them their own class, so view one as a Container. */
    private static Container asContainer(EphemeralContainer e) {
        return new ContainerBuilder().withName(e.getName()).withImage(e.getImage()).withCommand(e.getCommand()).withArgs(e.getArgs())
                .withWorkingDir(e.getWorkingDir()).withPorts(e.getPorts()).withEnvFrom(e.getEnvFrom()).withEnv(e.getEnv())
                .withResources(e.getResources()).withResizePolicy(e.getResizePolicy()).withRestartPolicy(e.getRestartPolicy())
                .withVolumeMounts(e.getVolumeMounts()).withVolumeDevices(e.getVolumeDevices()).withLivenessProbe(e.getLivenessProbe())
                .withReadinessProbe(e.getReadinessProbe()).withStartupProbe(e.getStartupProbe()).withLifecycle(e.getLifecycle())
                .withTerminationMessagePath(e.getTerminationMessagePath()).withTerminationMessagePolicy(e.getTerminationMessagePolicy())
                .withImagePullPolicy(e.getImagePullPolicy()).withSecurityContext(e.getSecurityContext()).withStdin(e.getStdin())
                .withStdinOnce(e.getStdinOnce()).withTty(e.getTty()).build();
    }
}
