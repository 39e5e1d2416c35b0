package dev.beluga.api.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.List;

/**
 * Upstream's SetDefaults_PodSpec and the nested defaults under it (containers, ports, probes, volumes,
 * env). Applies to pods and to workload templates alike; pod-only defaults live in {@link PodDefaults}.
 */
final class PodSpecDefaults {
    static final int DEFAULT_FILE_MODE = 0644; // 420

    private PodSpecDefaults() {}

    static void apply(PodSpec spec) {
        if (spec == null) return;
        if (blank(spec.getDnsPolicy())) spec.setDnsPolicy("ClusterFirst");
        if (blank(spec.getRestartPolicy())) spec.setRestartPolicy("Always");
        if (spec.getSecurityContext() == null) spec.setSecurityContext(new PodSecurityContext());
        if (spec.getTerminationGracePeriodSeconds() == null) spec.setTerminationGracePeriodSeconds(30L);
        if (blank(spec.getSchedulerName())) spec.setSchedulerName("default-scheduler");
        // hostNetwork's hostPort = containerPort is pod-only in 1.32 (DefaultHostNetworkHostPortsInPodTemplates is off): see PodDefaults.
        for (Container c : list(spec.getContainers())) container(c);
        for (Container c : list(spec.getInitContainers())) container(c);
        for (EphemeralContainer c : list(spec.getEphemeralContainers())) ephemeralContainer(c);
        for (Volume v : list(spec.getVolumes())) volume(v);
    }

    static void container(Container c) {
        if (blank(c.getImagePullPolicy())) c.setImagePullPolicy(pullPolicyFor(c.getImage()));
        if (blank(c.getTerminationMessagePath())) c.setTerminationMessagePath("/dev/termination-log");
        if (blank(c.getTerminationMessagePolicy())) c.setTerminationMessagePolicy("File");
        if (c.getResources() == null) c.setResources(new ResourceRequirements());
        ports(c.getPorts());
        probe(c.getLivenessProbe());
        probe(c.getReadinessProbe());
        probe(c.getStartupProbe());
        lifecycle(c.getLifecycle());
        env(c.getEnv());
    }

    private static void ephemeralContainer(EphemeralContainer c) {
        if (blank(c.getImagePullPolicy())) c.setImagePullPolicy(pullPolicyFor(c.getImage()));
        if (blank(c.getTerminationMessagePath())) c.setTerminationMessagePath("/dev/termination-log");
        if (blank(c.getTerminationMessagePolicy())) c.setTerminationMessagePolicy("File");
        if (c.getResources() == null) c.setResources(new ResourceRequirements());
        ports(c.getPorts());
        probe(c.getLivenessProbe());
        probe(c.getReadinessProbe());
        probe(c.getStartupProbe());
        lifecycle(c.getLifecycle());
        env(c.getEnv());
    }

    /** Always for ":latest" or an untagged image, else IfNotPresent; a digest counts as a tag (upstream's ParseImageName). */
    static String pullPolicyFor(String image) {
        if (image == null || image.isEmpty()) return "IfNotPresent";
        if (image.contains("@")) return "IfNotPresent";
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) return "Always";
        return image.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
    }

    private static void ports(List<ContainerPort> ports) {
        for (ContainerPort p : list(ports)) {
            if (blank(p.getProtocol())) p.setProtocol("TCP");
        }
    }

    private static void probe(Probe p) {
        if (p == null) return;
        if (zero(p.getTimeoutSeconds())) p.setTimeoutSeconds(1);
        if (zero(p.getPeriodSeconds())) p.setPeriodSeconds(10);
        if (zero(p.getSuccessThreshold())) p.setSuccessThreshold(1);
        if (zero(p.getFailureThreshold())) p.setFailureThreshold(3);
        httpGet(p.getHttpGet());
    }

    private static void lifecycle(Lifecycle l) {
        if (l == null) return;
        handler(l.getPostStart());
        handler(l.getPreStop());
    }

    private static void handler(LifecycleHandler h) {
        if (h != null) httpGet(h.getHttpGet());
    }

    private static void httpGet(HTTPGetAction a) {
        if (a == null) return;
        if (blank(a.getPath())) a.setPath("/");
        if (blank(a.getScheme())) a.setScheme("HTTP");
    }

    private static void env(List<EnvVar> env) {
        for (EnvVar e : list(env)) {
            if (e.getValueFrom() != null) fieldSelector(e.getValueFrom().getFieldRef());
        }
    }

    private static void fieldSelector(ObjectFieldSelector s) {
        if (s != null && blank(s.getApiVersion())) s.setApiVersion("v1");
    }

    static void volume(Volume v) {
        if (VolumeSources.count(v) == 0) v.setEmptyDir(new EmptyDirVolumeSource());
        if (v.getConfigMap() != null && v.getConfigMap().getDefaultMode() == null) v.getConfigMap().setDefaultMode(DEFAULT_FILE_MODE);
        if (v.getSecret() != null && v.getSecret().getDefaultMode() == null) v.getSecret().setDefaultMode(DEFAULT_FILE_MODE);
        if (v.getDownwardAPI() != null) {
            if (v.getDownwardAPI().getDefaultMode() == null) v.getDownwardAPI().setDefaultMode(DEFAULT_FILE_MODE);
            for (var item : list(v.getDownwardAPI().getItems())) fieldSelector(item.getFieldRef());
        }
        if (v.getProjected() != null) {
            if (v.getProjected().getDefaultMode() == null) v.getProjected().setDefaultMode(DEFAULT_FILE_MODE);
            for (VolumeProjection p : list(v.getProjected().getSources())) {
                if (p.getDownwardAPI() != null) {
                    for (var item : list(p.getDownwardAPI().getItems())) fieldSelector(item.getFieldRef());
                }
                if (p.getServiceAccountToken() != null && p.getServiceAccountToken().getExpirationSeconds() == null) {
                    p.getServiceAccountToken().setExpirationSeconds(3600L);
                }
            }
        }
        if (v.getHostPath() != null && v.getHostPath().getType() == null) v.getHostPath().setType("");
    }

    static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    private static boolean zero(Integer i) {
        return i == null || i == 0;
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
