package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Upstream's per-container rules (validateContainerCommon and what it calls). */
final class ContainerValidation {
    static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    static final List<String> TERMINATION_MESSAGE_POLICIES = List.of("FallbackToLogsOnError", "File");
    static final String PORT_RANGE = "must be between 1 and 65535, inclusive";

    /** What kind of container this is; init containers without restartPolicy Always may not have probes or lifecycle. */
    enum Kind { REGULAR, INIT, EPHEMERAL }

    private ContainerValidation() {}

    static void validate(Container c, Kind kind, String path, Set<String> volumeNames, Set<String> allNames, boolean hostNetwork,
                         List<FieldError> errs) {
        String name = c.getName() == null ? "" : c.getName();
        if (name.isEmpty()) {
            errs.add(FieldError.required(path + ".name", ""));
        } else {
            for (String msg : NameValidation.dns1123Label(name)) errs.add(FieldError.invalid(path + ".name", name, msg));
        }
        if (!name.isEmpty() && !allNames.add(name)) errs.add(FieldError.duplicate(path + ".name", name));
        String image = c.getImage() == null ? "" : c.getImage();
        if (image.isEmpty()) errs.add(FieldError.required(path + ".image", ""));

        boolean sidecar = "Always".equals(c.getRestartPolicy());
        if (c.getRestartPolicy() != null) {
            if (kind == Kind.INIT) {
                if (!sidecar) errs.add(FieldError.notSupported(path + ".restartPolicy", c.getRestartPolicy(), List.of("Always")));
            } else {
                errs.add(FieldError.forbidden(path + ".restartPolicy", "may not be set for non-init containers"));
            }
        }
        if (kind == Kind.INIT && !sidecar) {
            if (c.getLifecycle() != null) errs.add(FieldError.forbidden(path + ".lifecycle", "may not be set for init containers without restartPolicy=Always"));
            if (c.getLivenessProbe() != null) errs.add(FieldError.forbidden(path + ".livenessProbe", "may not be set for init containers without restartPolicy=Always"));
            if (c.getReadinessProbe() != null) errs.add(FieldError.forbidden(path + ".readinessProbe", "may not be set for init containers without restartPolicy=Always"));
            if (c.getStartupProbe() != null) errs.add(FieldError.forbidden(path + ".startupProbe", "may not be set for init containers without restartPolicy=Always"));
        } else if (kind == Kind.EPHEMERAL) {
            if (c.getLifecycle() != null) errs.add(FieldError.forbidden(path + ".lifecycle", "cannot be set for an Ephemeral Container"));
            if (c.getLivenessProbe() != null) errs.add(FieldError.forbidden(path + ".livenessProbe", "cannot be set for an Ephemeral Container"));
            if (c.getReadinessProbe() != null) errs.add(FieldError.forbidden(path + ".readinessProbe", "cannot be set for an Ephemeral Container"));
            if (c.getStartupProbe() != null) errs.add(FieldError.forbidden(path + ".startupProbe", "cannot be set for an Ephemeral Container"));
            if (c.getPorts() != null && !c.getPorts().isEmpty()) errs.add(FieldError.forbidden(path + ".ports", "cannot be set for an Ephemeral Container"));
        } else {
            lifecycle(c.getLifecycle(), path + ".lifecycle", errs);
            probe(c.getLivenessProbe(), path + ".livenessProbe", errs);
            probe(c.getReadinessProbe(), path + ".readinessProbe", errs);
            probe(c.getStartupProbe(), path + ".startupProbe", errs);
            if (c.getLivenessProbe() != null && !Integer.valueOf(1).equals(c.getLivenessProbe().getSuccessThreshold())) {
                errs.add(FieldError.invalid(path + ".livenessProbe.successThreshold", GoValue.of(c.getLivenessProbe().getSuccessThreshold()), "must be 1"));
            }
            if (c.getStartupProbe() != null && !Integer.valueOf(1).equals(c.getStartupProbe().getSuccessThreshold())) {
                errs.add(FieldError.invalid(path + ".startupProbe.successThreshold", GoValue.of(c.getStartupProbe().getSuccessThreshold()), "must be 1"));
            }
        }

        ports(c.getPorts(), path + ".ports", hostNetwork, errs);
        env(c.getEnv(), path + ".env", errs);
        envFrom(c.getEnvFrom(), path + ".envFrom", errs);
        volumeMounts(c.getVolumeMounts(), path + ".volumeMounts", volumeNames, errs);
        ResourceRequirementsValidation.validate(c.getResources(), path + ".resources", errs);
        securityContext(c.getSecurityContext(), path + ".securityContext", errs);

        String tmp = c.getTerminationMessagePolicy();
        if (tmp == null || tmp.isEmpty()) {
            errs.add(FieldError.required(path + ".terminationMessagePolicy", ""));
        } else if (!TERMINATION_MESSAGE_POLICIES.contains(tmp)) {
            errs.add(FieldError.notSupported(path + ".terminationMessagePolicy", tmp, TERMINATION_MESSAGE_POLICIES));
        }
        String pull = c.getImagePullPolicy();
        if (pull == null || pull.isEmpty()) {
            errs.add(FieldError.required(path + ".imagePullPolicy", ""));
        } else if (!PULL_POLICIES.contains(pull)) {
            errs.add(FieldError.notSupported(path + ".imagePullPolicy", pull, PULL_POLICIES));
        }
    }

    private static void ports(List<ContainerPort> ports, String path, boolean hostNetwork, List<FieldError> errs) {
        if (ports == null) return;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ContainerPort p = ports.get(i);
            String idx = path + "[" + i + "]";
            String name = p.getName();
            if (name != null && !name.isEmpty()) {
                List<String> msgs = NameValidation.portName(name);
                if (!msgs.isEmpty()) {
                    for (String msg : msgs) errs.add(FieldError.invalid(idx + ".name", name, msg));
                } else if (!names.add(name)) {
                    errs.add(FieldError.duplicate(idx + ".name", name));
                }
            }
            int containerPort = p.getContainerPort() == null ? 0 : p.getContainerPort();
            if (containerPort == 0) {
                errs.add(FieldError.required(idx + ".containerPort", ""));
            } else if (containerPort < 1 || containerPort > 65535) {
                errs.add(FieldError.invalid(idx + ".containerPort", containerPort, PORT_RANGE));
            }
            int hostPort = p.getHostPort() == null ? 0 : p.getHostPort();
            if (hostPort != 0 && (hostPort < 1 || hostPort > 65535)) {
                errs.add(FieldError.invalid(idx + ".hostPort", hostPort, PORT_RANGE));
            }
            if (hostNetwork && hostPort != 0 && hostPort != containerPort) {
                errs.add(FieldError.invalid(idx + ".hostPort", hostPort, "must match `containerPort` when `hostNetwork` is true"));
            }
            String protocol = p.getProtocol();
            if (protocol == null || protocol.isEmpty()) {
                errs.add(FieldError.required(idx + ".protocol", ""));
            } else if (!PROTOCOLS.contains(protocol)) {
                errs.add(FieldError.notSupported(idx + ".protocol", protocol, PROTOCOLS));
            }
        }
    }

    private static void env(List<EnvVar> env, String path, List<FieldError> errs) {
        if (env == null) return;
        for (int i = 0; i < env.size(); i++) {
            EnvVar e = env.get(i);
            String idx = path + "[" + i + "]";
            String name = e.getName() == null ? "" : e.getName();
            if (name.isEmpty()) errs.add(FieldError.required(idx + ".name", ""));
            for (String msg : NameValidation.envVarName(name)) errs.add(FieldError.invalid(idx + ".name", name, msg));
            valueFrom(e, idx + ".valueFrom", errs);
        }
    }

    private static void valueFrom(EnvVar e, String path, List<FieldError> errs) {
        EnvVarSource from = e.getValueFrom();
        if (from == null) return;
        int sources = 0;
        if (from.getFieldRef() != null) {
            sources++;
            FieldPaths.validate(from.getFieldRef(), FieldPaths.ENV_EXPRESSIONS, path + ".fieldRef", errs);
        }
        if (from.getResourceFieldRef() != null) {
            sources++;
            FieldPaths.validateResource(from.getResourceFieldRef(), false, path + ".resourceFieldRef", errs);
        }
        if (from.getConfigMapKeyRef() != null) {
            sources++;
            ConfigMapKeySelector s = from.getConfigMapKeyRef();
            keySelector(s.getName(), s.getKey(), path + ".configMapKeyRef", errs);
        }
        if (from.getSecretKeyRef() != null) {
            sources++;
            SecretKeySelector s = from.getSecretKeyRef();
            keySelector(s.getName(), s.getKey(), path + ".secretKeyRef", errs);
        }
        if (sources == 0) {
            errs.add(FieldError.invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        } else if (e.getValue() != null && !e.getValue().isEmpty()) {
            errs.add(FieldError.invalid(path, "", "may not be specified when `value` is not empty"));
        } else if (sources > 1) {
            errs.add(FieldError.invalid(path, "", "may not have more than one field specified at a time"));
        }
    }

    private static void keySelector(String name, String key, String path, List<FieldError> errs) {
        if (name == null || name.isEmpty()) {
            errs.add(FieldError.required(path + ".name", ""));
        } else {
            for (String msg : NameValidation.dns1123Subdomain(name)) errs.add(FieldError.invalid(path + ".name", name, msg));
        }
        if (key == null || key.isEmpty()) {
            errs.add(FieldError.required(path + ".key", ""));
        } else {
            for (String msg : NameValidation.configMapKey(key)) errs.add(FieldError.invalid(path + ".key", key, msg));
        }
    }

    private static void envFrom(List<EnvFromSource> list, String path, List<FieldError> errs) {
        if (list == null) return;
        for (int i = 0; i < list.size(); i++) {
            EnvFromSource e = list.get(i);
            String idx = path + "[" + i + "]";
            if (e.getPrefix() != null && !e.getPrefix().isEmpty()) {
                for (String msg : NameValidation.envVarName(e.getPrefix())) errs.add(FieldError.invalid(idx + ".prefix", e.getPrefix(), msg));
            }
            int sources = 0;
            if (e.getConfigMapRef() != null) {
                sources++;
                String n = e.getConfigMapRef().getName() == null ? "" : e.getConfigMapRef().getName();
                for (String msg : NameValidation.dns1123Subdomain(n)) errs.add(FieldError.invalid(idx + ".configMapRef.name", n, msg));
            }
            if (e.getSecretRef() != null) {
                sources++;
                String n = e.getSecretRef().getName() == null ? "" : e.getSecretRef().getName();
                for (String msg : NameValidation.dns1123Subdomain(n)) errs.add(FieldError.invalid(idx + ".secretRef.name", n, msg));
            }
            if (sources == 0) {
                errs.add(FieldError.invalid(idx, "", "must specify one of: `configMapRef` or `secretRef`"));
            } else if (sources > 1) {
                errs.add(FieldError.invalid(idx, "", "may not have more than one field specified at a time"));
            }
        }
    }

    private static void volumeMounts(List<VolumeMount> mounts, String path, Set<String> volumeNames, List<FieldError> errs) {
        if (mounts == null) return;
        Set<String> mountPoints = new HashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            VolumeMount m = mounts.get(i);
            String idx = path + "[" + i + "]";
            String name = m.getName() == null ? "" : m.getName();
            if (name.isEmpty()) errs.add(FieldError.required(idx + ".name", ""));
            if (!volumeNames.contains(name)) errs.add(FieldError.notFound(idx + ".name", name));
            String mountPath = m.getMountPath() == null ? "" : m.getMountPath();
            if (mountPath.isEmpty()) errs.add(FieldError.required(idx + ".mountPath", ""));
            if (!mountPoints.add(mountPath)) errs.add(FieldError.invalid(idx + ".mountPath", mountPath, "must be unique"));
            if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
                LocalPaths.descending(m.getSubPath(), idx + ".subPath", errs);
            }
            if (m.getSubPathExpr() != null && !m.getSubPathExpr().isEmpty()) {
                if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
                    errs.add(FieldError.invalid(idx + ".subPathExpr", m.getSubPathExpr(), "subPathExpr and subPath are mutually exclusive"));
                }
                LocalPaths.descending(m.getSubPathExpr(), idx + ".subPathExpr", errs);
            }
            if (m.getMountPropagation() != null && !List.of("None", "HostToContainer", "Bidirectional").contains(m.getMountPropagation())) {
                errs.add(FieldError.notSupported(idx + ".mountPropagation", m.getMountPropagation(), List.of("Bidirectional", "HostToContainer", "None")));
            }
        }
    }

    static void probe(Probe p, String path, List<FieldError> errs) {
        if (p == null) return;
        int handlers = 0;
        if (p.getExec() != null) {
            handlers++;
            if (p.getExec().getCommand() == null || p.getExec().getCommand().isEmpty()) errs.add(FieldError.required(path + ".exec.command", ""));
        }
        if (p.getHttpGet() != null) {
            handlers = countHandler(handlers, path + ".httpGet", errs);
            httpGet(p.getHttpGet(), path + ".httpGet", errs);
        }
        if (p.getTcpSocket() != null) {
            handlers = countHandler(handlers, path + ".tcpSocket", errs);
            port(p.getTcpSocket().getPort(), path + ".tcpSocket.port", errs);
        }
        if (p.getGrpc() != null) {
            handlers = countHandler(handlers, path + ".grpc", errs);
            int port = p.getGrpc().getPort() == null ? 0 : p.getGrpc().getPort();
            if (port < 1 || port > 65535) errs.add(FieldError.invalid(path + ".grpc.port", port, PORT_RANGE));
        }
        if (handlers == 0) errs.add(FieldError.required(path, "must specify a handler type"));
        nonNegative(p.getInitialDelaySeconds(), path + ".initialDelaySeconds", errs);
        nonNegative(p.getTimeoutSeconds(), path + ".timeoutSeconds", errs);
        nonNegative(p.getPeriodSeconds(), path + ".periodSeconds", errs);
        nonNegative(p.getSuccessThreshold(), path + ".successThreshold", errs);
        nonNegative(p.getFailureThreshold(), path + ".failureThreshold", errs);
        if (p.getTerminationGracePeriodSeconds() != null && p.getTerminationGracePeriodSeconds() <= 0) {
            errs.add(FieldError.invalid(path + ".terminationGracePeriodSeconds", p.getTerminationGracePeriodSeconds(), "must be greater than 0"));
        }
    }

    private static int countHandler(int handlers, String path, List<FieldError> errs) {
        if (handlers > 0) errs.add(FieldError.forbidden(path, "may not specify more than 1 handler type"));
        return handlers + 1;
    }

    private static void lifecycle(Lifecycle l, String path, List<FieldError> errs) {
        if (l == null) return;
        handler(l.getPostStart(), path + ".postStart", errs);
        handler(l.getPreStop(), path + ".preStop", errs);
    }

    private static void handler(LifecycleHandler h, String path, List<FieldError> errs) {
        if (h == null) return;
        int handlers = 0;
        if (h.getExec() != null) {
            handlers++;
            if (h.getExec().getCommand() == null || h.getExec().getCommand().isEmpty()) errs.add(FieldError.required(path + ".exec.command", ""));
        }
        if (h.getHttpGet() != null) {
            handlers = countHandler(handlers, path + ".httpGet", errs);
            httpGet(h.getHttpGet(), path + ".httpGet", errs);
        }
        if (h.getTcpSocket() != null) {
            handlers = countHandler(handlers, path + ".tcpSocket", errs);
            port(h.getTcpSocket().getPort(), path + ".tcpSocket.port", errs);
        }
        if (h.getSleep() != null) {
            handlers = countHandler(handlers, path + ".sleep", errs);
        }
        if (handlers == 0) errs.add(FieldError.required(path, "must specify a handler type"));
    }

    private static void httpGet(HTTPGetAction a, String path, List<FieldError> errs) {
        if (a.getPath() == null || a.getPath().isEmpty()) errs.add(FieldError.required(path + ".path", ""));
        port(a.getPort(), path + ".port", errs);
        if (a.getScheme() != null && !List.of("HTTP", "HTTPS").contains(a.getScheme())) {
            errs.add(FieldError.notSupported(path + ".scheme", a.getScheme(), List.of("HTTP", "HTTPS")));
        }
    }

    /** ValidatePortNumOrName. */
    private static void port(IntOrString port, String path, List<FieldError> errs) {
        if (port == null) {
            errs.add(FieldError.invalid(path, 0, PORT_RANGE));
            return;
        }
        if (port.getIntVal() != null) {
            int v = port.getIntVal();
            if (v < 1 || v > 65535) errs.add(FieldError.invalid(path, v, PORT_RANGE));
        } else if (port.getStrVal() != null) {
            for (String msg : NameValidation.portName(port.getStrVal())) errs.add(FieldError.invalid(path, port.getStrVal(), msg));
        } else {
            errs.add(FieldError.invalid(path, 0, PORT_RANGE));
        }
    }

    private static void securityContext(SecurityContext sc, String path, List<FieldError> errs) {
        if (sc == null) return;
        SecurityContextValidation.id(sc.getRunAsUser(), path + ".runAsUser", errs);
        SecurityContextValidation.id(sc.getRunAsGroup(), path + ".runAsGroup", errs);
        SecurityContextValidation.seccomp(sc.getSeccompProfile(), path + ".seccompProfile", errs);
        if (Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                errs.add(FieldError.invalid(path, GoValue.of("{...}"), "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
            }
            Capabilities caps = sc.getCapabilities();
            if (caps != null && caps.getAdd() != null && caps.getAdd().contains("CAP_SYS_ADMIN")) {
                errs.add(FieldError.invalid(path, GoValue.of("{...}"), "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
            }
        }
        if (sc.getProcMount() != null && !List.of("Default", "Unmasked").contains(sc.getProcMount())) {
            errs.add(FieldError.notSupported(path + ".procMount", sc.getProcMount(), List.of("Default", "Unmasked")));
        }
    }

    static void nonNegative(Number n, String path, List<FieldError> errs) {
        if (n != null && n.longValue() < 0) errs.add(FieldError.invalid(path, n, "must be greater than or equal to 0"));
    }
}
